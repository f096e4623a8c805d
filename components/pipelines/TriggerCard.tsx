import Link from "next/link";
import { formatDuration } from "../format";
import type { DownstreamPipeline, PipelineJob } from "@/lib/pages/pipelines/types";
import { StageCell } from "../pipeline-parts/StageCell";
import { StatusIcon } from "../pipeline-parts/StatusIcon";
import { STAGE_STYLES } from "../pipeline-parts/stageStyles";
import { jobLook, jobStatusLabel } from "./jobStatus";

/**
 * A trigger job of the graph: its status is the one GitLab gives it (a child's outcome, folded in as
 * GitLab's own graph does), with the pipeline it started under it: a child's jobs by stage, and a link
 * to that pipeline's page here (or in GitLab, for a pipeline Stageboard does not have).
 */
export function TriggerCard({ job }: { job: PipelineJob }) {
  const look = jobLook(job.status, job.allowFailure);
  return (
    <li
      data-testid={`job-card-${job.name}`}
      data-status={job.status}
      data-trigger="true"
      className="rounded-md border border-slate-300 bg-white p-2.5 text-xs shadow-sm"
    >
      <div className="flex items-start gap-2">
        <span
          className={`mt-px inline-flex h-5 w-5 shrink-0 items-center justify-center rounded-full border ${STAGE_STYLES[look ?? "none"]}`}
          aria-hidden
        >
          <StatusIcon status={look} className="h-3 w-3" />
        </span>
        <div className="min-w-0 flex-1">
          <div className="flex items-center gap-1.5">
            <span className="truncate text-sm font-medium text-slate-900" title={job.name}>
              {job.name}
            </span>
            <span className="rounded bg-slate-100 px-1 text-[10px] uppercase text-slate-700 ring-1 ring-slate-300" title="Trigger job: starts a pipeline and takes its outcome">
              trigger
            </span>
          </div>
          <div className="text-slate-600">
            {jobStatusLabel(job.status)} · {formatDuration(job.durationSeconds)}
          </div>
        </div>
      </div>
      {job.allowFailure && <p className="mt-1.5 text-amber-900">allowed to fail</p>}
      {job.downstream ? (
        <Downstream pipeline={job.downstream} />
      ) : (
        <p className="mt-2 text-slate-500">No pipeline started yet.</p>
      )}
      <a
        href={job.webUrl}
        target="_blank"
        rel="noopener noreferrer"
        data-testid="trigger-job-link"
        className="mt-2 inline-block font-medium text-sky-700 hover:underline"
      >
        Trigger job<span className="sr-only"> {job.name} in GitLab (opens in a new tab)</span>
        <span aria-hidden> ↗</span>
      </a>
    </li>
  );
}

function Downstream({ pipeline }: { pipeline: DownstreamPipeline }) {
  const kind = pipeline.child ? "Child pipeline" : "Downstream pipeline";
  const label = `#${pipeline.iid ?? pipeline.id}`;
  return (
    <div
      data-testid="downstream-pipeline"
      data-pipeline-id={pipeline.id}
      data-status={pipeline.status ?? "unknown"}
      className="mt-2 rounded border border-slate-200 bg-slate-50 p-2"
    >
      <p className="flex flex-wrap items-center gap-x-1.5 text-slate-700">
        <span>{kind}</span>
        {pipeline.stored ? (
          <Link href={`/pipelines/${pipeline.id}`} data-testid="downstream-link" className="font-medium text-sky-700 hover:underline">
            {label}
          </Link>
        ) : pipeline.webUrl ? (
          <a href={pipeline.webUrl} target="_blank" rel="noopener noreferrer" data-testid="downstream-link" className="font-medium text-sky-700 hover:underline">
            {label}
            <span className="sr-only"> in GitLab (opens in a new tab)</span>
            <span aria-hidden> ↗</span>
          </a>
        ) : (
          <span>{label}</span>
        )}
        {pipeline.status && <span className="text-slate-500">{jobStatusLabel(pipeline.status)}</span>}
      </p>
      {pipeline.stages.length > 0 && (
        <ol className="mt-1.5 space-y-1.5" aria-label={`${kind} ${label} stages`}>
          {pipeline.stages.map((stage) => (
            <li key={stage.stage} data-testid={`downstream-stage-${stage.stage}`} data-status={stage.status ?? "none"}>
              <div className="flex items-center gap-1.5 font-medium text-slate-700">
                <StageCell stage={stage.stage} status={stage.status} size="mini" />
                <span className="truncate">{stage.stage}</span>
              </div>
              <ul className="mt-0.5 space-y-0.5 pl-1">
                {stage.jobs.map((job) => (
                  <li key={job.name} data-testid={`downstream-job-${job.name}`} data-status={job.status} className="flex items-center gap-1.5">
                    <StatusIcon status={jobLook(job.status, job.allowFailure)} className="h-3 w-3 shrink-0" />
                    <span className="truncate" title={`${job.name}: ${jobStatusLabel(job.status)}`}>
                      {job.name}
                    </span>
                    <span className="sr-only">: {jobStatusLabel(job.status)}</span>
                    <span className="tabular-nums text-slate-500">{formatDuration(job.durationSeconds)}</span>
                    <a
                      href={job.downstream?.stored ? `/pipelines/${job.downstream.id}` : job.webUrl}
                      target={job.downstream?.stored ? undefined : "_blank"}
                      rel="noopener noreferrer"
                      className="ml-auto shrink-0 text-sky-700 hover:underline"
                    >
                      {job.trigger ? "pipeline" : "log"}
                      <span className="sr-only"> of {job.name}</span>
                    </a>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
