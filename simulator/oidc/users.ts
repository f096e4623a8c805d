/** The people who can sign in at the simulated GitLab, with the groups GitLab would report. */
export interface SimUser {
  id: number;
  username: string;
  name: string;
  email: string;
  /** Full paths of the groups the user is a direct member of (GitLab's `groups_direct` claim). */
  groups: readonly string[];
}

export const SIM_USERS: readonly SimUser[] = [
  { id: 1001, username: "alice", name: "Alice Anders", email: "alice@cwiq.example", groups: ["cwiq"] },
  { id: 1002, username: "bob", name: "Bob Brandt", email: "bob@cwiq.example", groups: ["cwiq/platform"] },
  // Not in the CWIQ group: the sign-in that an AUTH_GITLAB_GROUP=cwiq Stageboard must refuse.
  { id: 1003, username: "eve", name: "Eve Extern", email: "eve@contractor.example", groups: ["contractors"] },
];
