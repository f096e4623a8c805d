/*
 * Where a job's time before it started went. GitLab's `queued_duration` is the time a job waited in
 * `pending` for a runner; the rest of created → started is the job waiting for a person (a manual job)
 * or for the jobs before it (earlier stages, `needs`). Only the first is runner queue time: a manual
 * deploy-dev left on a feature branch for a day is not a slow runner.
 */

export interface JobWaits {
  /** Seconds in `pending` waiting for a runner (GitLab's queued_duration). */
  runnerSeconds: number | null;
  /** Seconds a manual job waited to be played (with whatever earlier stages took). */
  manualSeconds: number | null;
  /** Seconds an automatic job waited for the jobs before it. */
  upstreamSeconds: number | null;
}

export function jobWaits(job: { createdAt: Date; startedAt: Date | null; queuedDuration: number | null; manual: boolean }): JobWaits {
  const runnerSeconds = job.queuedDuration === null ? null : Math.round(job.queuedDuration);
  if (!job.startedAt) return { runnerSeconds, manualSeconds: null, upstreamSeconds: null };
  const beforeStart = Math.max(0, (job.startedAt.getTime() - job.createdAt.getTime()) / 1000);
  const rest = Math.max(0, Math.round(beforeStart - (job.queuedDuration ?? 0)));
  return job.manual
    ? { runnerSeconds, manualSeconds: rest, upstreamSeconds: null }
    : { runnerSeconds, manualSeconds: null, upstreamSeconds: rest };
}
