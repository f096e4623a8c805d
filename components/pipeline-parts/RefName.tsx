import type { MergeRequestRef } from "@/lib/pages/overview/types";

/**
 * A pipeline's ref as people name it: the branch or tag, or for a merge-request pipeline "MR !N" with
 * its title (linked to the merge request) and source branch instead of `refs/merge-requests/N/head`.
 */
export function RefName({ name, mergeRequest, className = "" }: { name: string; mergeRequest: MergeRequestRef | null; className?: string }) {
  if (!mergeRequest) {
    return (
      <span className={`truncate font-mono ${className}`} title={name}>
        {name}
      </span>
    );
  }
  const label = `MR !${mergeRequest.iid}`;
  const detail = [mergeRequest.title, mergeRequest.sourceBranch ? `from ${mergeRequest.sourceBranch}` : null, name].filter(Boolean).join(" · ");
  return (
    <span className={`truncate ${className}`} title={detail} data-testid="merge-request-ref">
      {mergeRequest.url ? (
        <a href={mergeRequest.url} className="font-mono hover:underline">
          {label}
        </a>
      ) : (
        <span className="font-mono">{label}</span>
      )}
      {mergeRequest.title && <span className="ml-1">{mergeRequest.title}</span>}
      {mergeRequest.sourceBranch && <span className="ml-1 font-mono text-muted">({mergeRequest.sourceBranch})</span>}
    </span>
  );
}
