import { z } from "zod";

/*
 * Group restriction from the id_token GitLab issues with the `openid` scope: `groups_direct`
 * lists the full paths of the groups the user is a direct member of (the userinfo endpoint calls
 * it `groups`). Membership of a group is inherited by its subgroups, not the other way round:
 * a direct member of `cwiq` belongs to `cwiq/platform`, a member of `cwiq/platform` not to `cwiq`.
 */

const groupClaims = z.object({
  groups_direct: z.array(z.string()).optional(),
  groups: z.array(z.string()).optional(),
});

/** The user's direct groups from id_token claims or userinfo, or null if the provider sent none. */
export function groupsOf(profile: unknown): string[] | null {
  const parsed = groupClaims.safeParse(profile);
  if (!parsed.success) return null;
  return parsed.data.groups_direct ?? parsed.data.groups ?? null;
}

/** GitLab paths are case-insensitive. */
export function isGroupMember(directGroups: readonly string[], required: string): boolean {
  const wanted = required.toLowerCase().replace(/^\/+|\/+$/g, "");
  return directGroups.some((group) => {
    const g = group.toLowerCase();
    return wanted === g || wanted.startsWith(`${g}/`);
  });
}
