import { Truncated } from "../text/Truncated";

/** Short sha and commit title on one line; the title is truncated, whole on hover and focus. */
export function CommitSummary({ shortSha, sha, title }: { shortSha: string; sha: string; title: string | null }) {
  return (
    <span className="flex min-w-0 items-baseline gap-2">
      <code className="shrink-0 text-xs text-muted" title={sha}>
        {shortSha}
      </code>
      {title ? <Truncated text={title} className="text-body" /> : <span className="text-muted">(no commit title)</span>}
    </span>
  );
}
