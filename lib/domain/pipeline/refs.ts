import { MAIN_BRANCHES, type RefKindName } from "@/lib/domain/cwiq";

/** How a merge-request pipeline tests the change: the source branch alone, merged with the target, or in a merge train. */
export type MergeRequestVariant = "detached" | "merged result" | "merge train";

const MR_REF = /^refs\/merge-requests\/(\d+)\/(head|merge|train)$/;
const VARIANTS: Record<string, MergeRequestVariant> = { head: "detached", merge: "merged result", train: "merge train" };

/**
 * The merge request a pipeline ran for, from its ref (`refs/merge-requests/343/head`), or only that it
 * ran for one when GitLab said so (`source: merge_request_event`) without such a ref.
 */
export function mergeRequestOf(ref: string, source?: string | null): { iid: number | null; variant: MergeRequestVariant } | null {
  const match = MR_REF.exec(ref);
  if (match) return { iid: Number(match[1]), variant: VARIANTS[match[2] ?? "head"] ?? "detached" };
  return source === "merge_request_event" ? { iid: null, variant: "detached" } : null;
}

/**
 * Classifies a pipeline's ref. A merge-request pipeline is its own kind, not a branch. GitLab says
 * whether a ref is a tag (`tag: true`); when it does not (list endpoints omit it), a `v*` version ref
 * counts as a tag, which is what the CWIQ release rules key on.
 */
export function classifyRef(ref: string, tag?: boolean | null, source?: string | null): RefKindName {
  if (mergeRequestOf(ref, source)) return "MERGE_REQUEST";
  if (tag === true) return "TAG";
  if (tag !== false && /^v\d/.test(ref)) return "TAG";
  if (MAIN_BRANCHES.has(ref)) return "MAIN";
  return "BRANCH";
}

/** How pages and URLs name a ref kind. */
export type RefKindLabel = "main" | "branch" | "mr" | "tag";
export const REF_KIND_LABELS: readonly RefKindLabel[] = ["main", "branch", "mr", "tag"];

const LABELS: Record<string, RefKindLabel> = { MAIN: "main", BRANCH: "branch", MERGE_REQUEST: "mr", TAG: "tag" };
const NAMES: Record<RefKindLabel, RefKindName> = { main: "MAIN", branch: "BRANCH", mr: "MERGE_REQUEST", tag: "TAG" };

/** The stored ref kind (`MAIN`, …) as pages show it; an unknown value reads as a branch. */
export function refKindLabel(stored: string): RefKindLabel {
  return LABELS[stored] ?? "branch";
}

export function refKindName(label: RefKindLabel): RefKindName {
  return NAMES[label];
}
