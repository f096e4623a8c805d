import { MAIN_BRANCHES, type RefKindName } from "@/lib/domain/cwiq";

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

/** How pages and URLs name a ref kind. */
export type RefKindLabel = "main" | "branch" | "tag";

const LABELS: Record<string, RefKindLabel> = { MAIN: "main", BRANCH: "branch", TAG: "tag" };
const NAMES: Record<RefKindLabel, RefKindName> = { main: "MAIN", branch: "BRANCH", tag: "TAG" };

/** The stored ref kind (`MAIN`, …) as pages show it; an unknown value reads as a branch. */
export function refKindLabel(stored: string): RefKindLabel {
  return LABELS[stored] ?? "branch";
}

export function refKindName(label: RefKindLabel): RefKindName {
  return NAMES[label];
}
