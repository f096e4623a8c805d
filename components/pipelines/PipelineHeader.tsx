import Link from "next/link";
import { formatDuration } from "../format";
import type { PipelineDetail } from "@/lib/pages/pipelines/types";
import { PipelineStatusBadge } from "../pipeline-parts/PipelineStatusBadge";
import { RefKindBadge } from "../pipeline-parts/RefKindBadge";
import { RelativeTime } from "../time/RelativeTime";

/** Commit, ref, source, timings and status of the pipeline, with links to its service and to GitLab. */
export function PipelineHeader({ pipeline, flakyJobs }: { pipeline: PipelineDetail; flakyJobs: number }) {
  return (
    <header className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <h1 className="text-lg font-semibold text-slate-900">
          <Link href={`/services/${encodeURIComponent(pipeline.service)}`} className="hover:underline" data-testid="service-link">
            {pipeline.service}
          </Link>
          <span className="text-slate-400"> / </span>
          Pipeline #{pipeline.iid}
        </h1>
        <PipelineStatusBadge status={pipeline.status} />
        {flakyJobs > 0 && (
          <span className="rounded-full bg-orange-100 px-2 py-0.5 text-xs font-medium text-orange-900 ring-1 ring-orange-400">
            {flakyJobs === 1 ? "1 flaky job" : `${flakyJobs} flaky jobs`}
          </span>
        )}
        <a
          href={pipeline.webUrl}
          target="_blank"
          rel="noopener noreferrer"
          className="ml-auto text-sm font-medium text-sky-700 hover:underline"
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
        <code className="shrink-0 text-xs text-slate-500" title={pipeline.sha}>
          {pipeline.shortSha}
        </code>
        <span className="truncate text-slate-800" title={pipeline.commitTitle ?? undefined}>
          {pipeline.commitTitle ?? <span className="text-slate-400">(no commit title)</span>}
        </span>
        {pipeline.commitAuthor && <span className="shrink-0 text-slate-500">by {pipeline.commitAuthor}</span>}
      </p>
      <dl className="mt-3 flex flex-wrap gap-x-6 gap-y-1 text-sm text-slate-600">
        <div className="flex items-center gap-1.5">
          <dt className="sr-only">Ref</dt>
          <dd className="flex items-center gap-1.5">
            <RefKindBadge kind={pipeline.refKind} />
            <span className="font-mono text-slate-800">{pipeline.ref}</span>
          </dd>
        </div>
        <div className="flex gap-1.5">
          <dt>Source</dt>
          <dd className="text-slate-800">{pipeline.source.replaceAll("_", " ")}</dd>
        </div>
        <div className="flex gap-1.5">
          <dt>Created</dt>
          <dd className="text-slate-800">
            <RelativeTime value={pipeline.createdAt} />
          </dd>
        </div>
        {pipeline.finishedAt && (
          <div className="flex gap-1.5">
            <dt>Finished</dt>
            <dd className="text-slate-800">
              <RelativeTime value={pipeline.finishedAt} />
            </dd>
          </div>
        )}
        <div className="flex gap-1.5">
          <dt>Duration</dt>
          <dd className="tabular-nums text-slate-800">
            {formatDuration(pipeline.durationSeconds)}
            {pipeline.timingsFromJobs && pipeline.durationSeconds !== null && (
              <abbr className="ml-1 text-slate-600 no-underline" title="Derived from the jobs until GitLab's own timing of the pipeline is read">
                (from jobs)
              </abbr>
            )}
          </dd>
        </div>
        <div className="flex gap-1.5">
          <dt>Queued</dt>
          <dd className="tabular-nums text-slate-800">{formatDuration(pipeline.queuedDurationSeconds)}</dd>
        </div>
        <div className="flex gap-1.5" data-testid="test-summary">
          <dt>Tests</dt>
          <dd className="tabular-nums text-slate-800" title="GitLab's test report summary (JUnit reports)">
            {pipeline.tests ? (
              <>
                {pipeline.tests.total.toLocaleString()} total ·{" "}
                <span className={pipeline.tests.failed + pipeline.tests.errored > 0 ? "font-semibold text-red-700" : undefined}>
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
