import type { PlannedJob, PlannedPipeline } from "./plan";
import { FINISHING_STATUSES, type JobStatus, type PipelineStatus } from "./status";

/** Status of a job attempt at time t, or null when it does not exist yet. */
export function jobStatusAt(job: PlannedJob, t: number): JobStatus | null {
  if (t < job.createdAt) return null;
  const transitions = job.transitions;
  // Scan from the end: most lookups are for the present, after most transitions.
  for (let i = transitions.length - 1; i >= 0; i--) {
    const tr = transitions[i];
    if (tr && tr.at <= t) return tr.status;
  }
  return transitions[0]?.status ?? null;
}

/** The attempt GitLab lists without include_retried: it exists and no newer attempt replaced it yet. */
export function isLatestAt(job: PlannedJob, t: number): boolean {
  return job.createdAt <= t && t < job.retriedAt;
}

export interface PipelineState {
  status: PipelineStatus;
  updatedAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  durationS: number | null;
  queuedDurationS: number | null;
  /** GitLab formats the pipeline coverage as a string with two decimals. */
  coverage: string | null;
  /** Passed, but an allow_failure job failed ("passed with warnings"). */
  warnings: boolean;
}

export function pipelineStateAt(pipeline: PlannedPipeline, t: number): PipelineState {
  const transitions = pipeline.transitions;
  let current = transitions[0];
  let finishing: (typeof transitions)[number] | undefined;
  for (const tr of transitions) {
    if (tr.at > t) break;
    current = tr;
    if (FINISHING_STATUSES.has(tr.status)) finishing = tr;
  }
  if (!current) throw new Error(`pipeline ${pipeline.id} has no transitions`);

  const startedAt = pipeline.firstRunningAt !== null && pipeline.firstRunningAt <= t ? pipeline.firstRunningAt : null;
  let coverageSum = 0;
  let coverageCount = 0;
  let warnings = false;
  for (const job of pipeline.jobs) {
    if (!isLatestAt(job, t)) continue;
    const status = jobStatusAt(job, t);
    if (job.coverage !== null && status === "success") {
      coverageSum += job.coverage;
      coverageCount += 1;
    }
    if (job.allowFailure && (status === "failed" || status === "canceled")) warnings = true;
  }

  return {
    status: current.status,
    updatedAt: current.at,
    startedAt,
    // GitLab keeps finished_at and duration from the last finish, also while a retry runs again.
    finishedAt: finishing?.at ?? null,
    durationS: finishing?.durationS ?? null,
    queuedDurationS: startedAt === null ? null : Math.floor((startedAt - pipeline.createdAt) / 1000),
    coverage: coverageCount > 0 ? (coverageSum / coverageCount).toFixed(2) : null,
    warnings: warnings && current.status === "success",
  };
}
