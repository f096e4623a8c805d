import { formatDuration } from "../format";
import type { PipelineJob } from "@/lib/pages/pipelines/types";
import { StatusIcon } from "../pipeline-parts/StatusIcon";
import { STAGE_STYLES } from "../pipeline-parts/stageStyles";
import { failureReasonLabel, jobLook, jobStatusLabel } from "./jobStatus";

/** One job of the graph: its current attempt, with what it took and why it failed. */
export function JobCard({ job }: { job: PipelineJob }) {
  const look = jobLook(job.status, job.allowFailure);
  return (
    <li
      data-testid={`job-card-${job.name}`}
      data-status={job.status}
      className="rounded-md border border-line bg-surface p-2.5 text-xs shadow-sm"
    >
      <div className="flex items-start gap-2">
        <span
          className={`mt-px inline-flex h-5 w-5 shrink-0 items-center justify-center rounded-full border ${STAGE_STYLES[look ?? "none"]}`}
          aria-hidden
        >
          <StatusIcon status={look} className="h-3 w-3" />
        </span>
        <div className="min-w-0 flex-1">
          <div className="truncate text-sm font-medium text-ink" title={job.name}>
            {job.name}
          </div>
          <div className="text-muted">{jobStatusLabel(job.status)}</div>
        </div>
      </div>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-2 gap-y-0.5 text-muted">
        <dt>Duration</dt>
        <dd className="tabular-nums text-body">{formatDuration(job.durationSeconds)}</dd>
        <dt title="Time in pending, waiting for a runner">Runner wait</dt>
        <dd className="tabular-nums text-body">{formatDuration(job.waits.runnerSeconds)}</dd>
        {job.waits.manualSeconds !== null && job.waits.manualSeconds > 0 && (
          <>
            <dt title="A manual job waits for someone to play it: not runner queue time">Manual wait</dt>
            <dd className="tabular-nums text-body">{formatDuration(job.waits.manualSeconds)}</dd>
          </>
        )}
        {job.waits.upstreamSeconds !== null && job.waits.upstreamSeconds > 0 && (
          <>
            <dt title="Waiting for earlier stages or needed jobs to finish">Stage wait</dt>
            <dd className="tabular-nums text-body">{formatDuration(job.waits.upstreamSeconds)}</dd>
          </>
        )}
      </dl>
      {job.failureReason && job.status === "failed" && (
        <p className="mt-1.5 text-bad" data-testid="failure-reason">
          {failureReasonLabel(job.failureReason)}
        </p>
      )}
      {(job.allowFailure || job.manual || job.retryCount > 0 || job.flaky) && (
        <ul className="mt-1.5 flex flex-wrap gap-1">
          {job.allowFailure && <li className="rounded bg-warn-soft px-1.5 py-px text-warn ring-1 ring-warn-line">allowed to fail</li>}
          {job.manual && <li className="rounded bg-manual-soft px-1.5 py-px text-manual ring-1 ring-manual-line">manual</li>}
          {job.retryCount > 0 && (
            <li
              className="rounded bg-subtle px-1.5 py-px text-body ring-1 ring-line-strong"
              title={job.retries.map((r) => `#${r.id}: ${jobStatusLabel(r.status)}`).join(", ")}
              data-testid="retry-count"
            >
              {job.retryCount === 1 ? "retried once" : `retried ${job.retryCount}×`}
            </li>
          )}
          {job.flaky && (
            <li
              className="rounded bg-flaky-soft px-1.5 py-px font-medium text-flaky ring-1 ring-flaky-line"
              title="An earlier attempt failed and the latest one passed"
              data-testid="flake-badge"
            >
              flaky
            </li>
          )}
        </ul>
      )}
      {job.retries.length > 0 && (
        <details className="mt-1.5">
          <summary className="cursor-pointer text-muted">Earlier attempts</summary>
          <ul className="mt-1 space-y-0.5">
            {job.retries.map((r) => (
              <li key={r.id} className="flex items-center gap-1.5">
                <StatusIcon status={jobLook(r.status, r.allowFailure)} className="h-3 w-3" />
                <span>{jobStatusLabel(r.status)}</span>
                <span className="tabular-nums text-muted">{formatDuration(r.durationSeconds)}</span>
                <a href={r.webUrl} target="_blank" rel="noopener noreferrer" className="ml-auto text-link hover:underline">
                  log<span className="sr-only"> of attempt #{r.id} (opens in a new tab)</span>
                </a>
              </li>
            ))}
          </ul>
        </details>
      )}
      <a
        href={job.webUrl}
        target="_blank"
        rel="noopener noreferrer"
        data-testid="job-log-link"
        className="mt-2 inline-block font-medium text-link hover:underline"
      >
        Job log<span className="sr-only"> of {job.name} in GitLab (opens in a new tab)</span>
        <span aria-hidden> ↗</span>
      </a>
    </li>
  );
}
