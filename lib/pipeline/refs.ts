export type RefKindName = "MAIN" | "BRANCH" | "TAG";

/** Branches treated as the default branch. */
const MAIN_BRANCHES = new Set(["main", "master"]);

/**
 * Classifies a pipeline's ref. GitLab says whether a ref is a tag (`tag: true`);
 * when it does not (list endpoints omit it), a `v*` version ref counts as a tag,
 * which is what the CWIQ release rules key on.
 */
export function classifyRef(ref: string, tag?: boolean | null): RefKindName {
  if (tag === true) return "TAG";
  if (tag !== false && /^v\d/.test(ref)) return "TAG";
  if (MAIN_BRANCHES.has(ref)) return "MAIN";
  return "BRANCH";
}
