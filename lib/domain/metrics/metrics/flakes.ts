/*
 * The flake rule, the one definition every page uses (the SQL twin is lib/domain/metrics/flakes-sql.ts):
 * - a job *ran* in a pipeline when its final attempt (the one not marked retried) succeeded or failed;
 * - it *flaked* there when that final attempt succeeded and an earlier, retried attempt had failed.
 * Canceled, skipped or manual attempts neither count as a run nor break a flake.
 * Flake rate of a job = pipelines where it flaked / pipelines where it ran.
 */

/** One attempt of a job. Attempts of the same job in a pipeline share pipelineId and name. */
export interface JobAttempt {
  pipelineId: number | bigint | string;
  name: string;
  status: string;
  /** A later attempt of the same job exists in the pipeline (GitLab's `retried`). */
  retried: boolean;
}

export interface FlakeStat {
  name: string;
  /** Pipelines in which the job ran (its final attempt succeeded or failed). */
  pipelines: number;
  /** Pipelines in which the job failed and then passed on retry. */
  flakyPipelines: number;
  /** flakyPipelines / pipelines (0 when the job never ran). */
  rate: number;
}

type Attempt = Pick<JobAttempt, "status" | "retried">;

/** Whether the attempts of one job in one pipeline count as a run. */
export function ranInPipeline(attempts: readonly Attempt[]): boolean {
  return attempts.some((a) => !a.retried && (a.status === "success" || a.status === "failed"));
}

/** Whether the attempts of one job in one pipeline are a flake: failed, then passed on retry. */
export function flakedInPipeline(attempts: readonly Attempt[]): boolean {
  return attempts.some((a) => !a.retried && a.status === "success") && attempts.some((a) => a.retried && a.status === "failed");
}

/** Flake statistics per job name, sorted by rate, then flaky count (both descending), then name. */
export function detectFlakes(jobs: readonly JobAttempt[]): FlakeStat[] {
  const groups = new Map<string, { name: string; attempts: JobAttempt[] }>();
  for (const job of jobs) {
    const key = `${String(job.pipelineId)}\u0000${job.name}`;
    const group = groups.get(key) ?? { name: job.name, attempts: [] };
    group.attempts.push(job);
    groups.set(key, group);
  }
  const byName = new Map<string, { pipelines: number; flaky: number }>();
  for (const { name, attempts } of groups.values()) {
    const stat = byName.get(name) ?? { pipelines: 0, flaky: 0 };
    if (ranInPipeline(attempts)) stat.pipelines++;
    if (flakedInPipeline(attempts)) stat.flaky++;
    byName.set(name, stat);
  }
  return [...byName.entries()]
    .map(([name, s]) => ({ name, pipelines: s.pipelines, flakyPipelines: s.flaky, rate: s.pipelines ? s.flaky / s.pipelines : 0 }))
    .sort((a, b) => b.rate - a.rate || b.flakyPipelines - a.flakyPipelines || a.name.localeCompare(b.name));
}
