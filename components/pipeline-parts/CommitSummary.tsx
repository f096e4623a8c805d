/** Short sha and commit title on one line; the title is truncated, whole on hover. */
export function CommitSummary({ shortSha, sha, title }: { shortSha: string; sha: string; title: string | null }) {
  return (
    <span className="flex min-w-0 items-baseline gap-2">
      <code className="shrink-0 text-xs text-slate-500" title={sha}>
        {shortSha}
      </code>
      <span className="truncate text-slate-800" title={title ?? undefined}>
        {title ?? <span className="text-slate-400">(no commit title)</span>}
      </span>
    </span>
  );
}
