/** The people who can sign in at the simulated GitLab, with the groups GitLab would report. */
export interface SimUser {
  id: number;
  username: string;
  name: string;
  email: string;
  /** Full paths of the groups the user is a direct member of (GitLab's `groups_direct` claim). */
  groups: readonly string[];
  /**
   * The user's access level by group or project path (5 minimal access, 10 guest, 20 reporter, 30
   * developer, 40 maintainer); a group's level holds for every project under it, as GitLab's
   * inherited membership. Minimal access (GitLab Premium) makes one a group member who can read none
   * of its projects unless given a role in them.
   */
  access: Readonly<Record<string, number>>;
}

/** A user's access level to a project (0: not a member), the highest of the project's and its groups'. */
export function accessLevel(user: SimUser, projectPath: string): number {
  let level = 0;
  for (const [path, granted] of Object.entries(user.access)) {
    if (projectPath === path || projectPath.startsWith(`${path}/`)) level = Math.max(level, granted);
  }
  return level;
}

export const SIM_USERS: readonly SimUser[] = [
  // Maintainer of the whole CWIQ group: sees every service.
  { id: 1001, username: "alice", name: "Alice Anders", email: "alice@cwiq.example", groups: ["cwiq"], access: { cwiq: 40 } },
  // In the group with minimal access and a role in some projects only: never iam-api, a reporter on executor.
  {
    id: 1002,
    username: "bob",
    name: "Bob Brandt",
    email: "bob@cwiq.example",
    groups: ["cwiq"],
    access: { cwiq: 5, "cwiq/server": 30, "cwiq/ui": 30, "cwiq/executor": 20 },
  },
  // In the CWIQ group with minimal access only: a member of no project Stageboard follows.
  { id: 1004, username: "nora", name: "Nora Newcomer", email: "nora@cwiq.example", groups: ["cwiq"], access: { cwiq: 5 } },
  // Not in the CWIQ group: the sign-in that an AUTH_GITLAB_GROUP=cwiq Stageboard must refuse.
  { id: 1003, username: "eve", name: "Eve Extern", email: "eve@contractor.example", groups: ["contractors"], access: {} },
];
