import Link from "next/link";
import { formatDuration } from "../format";
import type { PipelineDetail } from "@/lib/pages/pipelines/types";
import { PipelineStatusBadge } from "../pipeline-parts/PipelineStatusBadge";
import { RefKindBadge } from "../pipeline-parts/RefKindBadge";
import { RefName } from "../pipeline-parts/RefName";
import { CopyButton } from "../text/CopyButton";
import { Truncated } from "../text/Truncated";
import { RelativeTime } from "../time/RelativeTime";

/** Commit, ref, source, timings and status of the pipeline, with links to its service and to GitLab. */
export function PipelineHeader({ pipeline, flakyJobs }: { pipeline: PipelineDetail; flakyJobs: number }) {
  return (
    <header className="rounded-lg border border-line bg-surface p-4">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <h1 className="text-lg font-semibold text-ink">
          <Link href={`/services/${encodeURIComponent(pipeline.service)}`} className="hover:underline" data-testid="service-link">
            {pipeline.service}
          </Link>
          <span className="text-muted"> / </span>
          Pipeline #{pipeline.iid}
        </h1>
        <PipelineStatusBadge status={pipeline.status} />
        {flakyJobs > 0 && (
          <span className="rounded-full bg-flaky-soft px-2 py-0.5 text-xs font-medium text-flaky ring-1 ring-flaky-line">
            {flakyJobs === 1 ? "1 flaky job" : `${flakyJobs} flaky jobs`}
          </span>
        )}
        <a
          href={pipeline.webUrl}
          target="_blank"
          rel="noopener noreferrer"
          className="ml-auto text-sm font-medium text-link hover:underline"
          data-testid="gitlab-pipeline-link"
        >
          Open in GitLab<span className="sr-only"> (opens in a new tab)</span>
          <span aria-hidden> ↗</span>
        </a>
      </div>
      {pipeline.parent && (
        <p className="mt-1 text-sm text-slate-700" data-testid="parent-pipeline">
          Child pipeline of{" "}
          <Link href={`/pipelines/${pipeline.parent.id}`} className="font-medium text-sky-700 hover:underline" data-testid="parent-pipeline-link">
            pipeline #{pipeline.parent.iid}
          </Link>
          {pipeline.parent.triggerJob && (
            <>
              , started by its <span className="font-mono">{pipeline.parent.triggerJob}</span> trigger job
            </>
          )}
        </p>
      )}
      <p className="mt-2 flex min-w-0 items-baseline gap-2 text-sm">
        <code className="shrink-0 text-xs text-muted" title={pipeline.sha}>
          {pipeline.shortSha}
        </code>
        <CopyButton value={pipeline.sha} what="commit sha" />
        {pipeline.commitTitle ? <Truncated text={pipeline.commitTitle} className="text-body" /> : <span className="text-muted">(no commit title)</span>}
        {pipeline.commitAuthor && <span className="shrink-0 text-muted">by {pipeline.commitAuthor}</span>}
      </p>
      <dl className="mt-3 flex flex-wrap gap-x-6 gap-y-1 text-sm text-muted">
        <div className="flex items-center gap-1.5">
          <dt className="sr-only">Ref</dt>
          <dd className="flex items-center gap-1.5">
            <RefKindBadge kind={pipeline.refKind} />
            <RefName name={pipeline.ref} mergeRequest={pipeline.mergeRequest} className="max-w-[60vw] text-body sm:max-w-md" />
          </dd>
        </div>
        <div className="flex gap-1.5">
          <dt>Source</dt>
          <dd className="text-body">{pipeline.source.replaceAll("_", " ")}</dd>
        </div>
        <div className="flex gap-1.5">
          <dt>Created</dt>
          <dd className="text-body">
            <RelativeTime value={pipeline.createdAt} />
          </dd>
        </div>
        {pipeline.finishedAt && (
          <div className="flex gap-1.5">
            <dt>Finished</dt>
            <dd className="text-body">
              <RelativeTime value={pipeline.finishedAt} />
            </dd>
          </div>
        )}
        <div className="flex gap-1.5">
          <dt>Duration</dt>
          <dd className="tabular-nums text-body">
            {formatDuration(pipeline.durationSeconds)}
            {pipeline.timingsFromJobs && pipeline.durationSeconds !== null && (
              <abbr className="ml-1 text-muted no-underline" title="Derived from the jobs until GitLab's own timing of the pipeline is read">
                (from jobs)
              </abbr>
            )}
          </dd>
        </div>
        <div className="flex gap-1.5">
          <dt>Queued</dt>
          <dd className="tabular-nums text-body">{formatDuration(pipeline.queuedDurationSeconds)}</dd>
        </div>
        <div className="flex gap-1.5" data-testid="test-summary">
          <dt>Tests</dt>
          <dd className="tabular-nums text-body" title="GitLab's test report summary (JUnit reports)">
            {pipeline.tests ? (
              <>
                {pipeline.tests.total.toLocaleString()} total ·{" "}
                <span className={pipeline.tests.failed + pipeline.tests.errored > 0 ? "font-semibold text-bad" : undefined}>
                  {(pipeline.tests.failed + pipeline.tests.errored).toLocaleString()} failed
                </span>{" "}
                · {pipeline.tests.skipped.toLocaleString()} skipped
              </>
            ) : (
              "—"
            )}
          </dd>
        </div>
      </dl>
    </header>
  );
}
