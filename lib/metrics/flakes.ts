/** One attempt of a job. Attempts of the same job in a pipeline share pipelineId and name. */
export interface JobAttempt {
  pipelineId: number | bigint | string;
  name: string;
  status: string;
  /** When the attempt was created; later attempts of a retried job are created later. */
  createdAt: Date | string | number;
  /** GitLab job id, to order attempts created in the same millisecond. */
  id?: number | bigint | string;
}

export interface FlakeStat {
  name: string;
  /** Pipelines in which the job ran at least once. */
  pipelines: number;
  /** Pipelines in which the job failed and then passed on a later attempt. */
  flakyPipelines: number;
  /** flakyPipelines / pipelines (0 when the job never ran). */
  rate: number;
}

const time = (t: Date | string | number) => (t instanceof Date ? t.getTime() : typeof t === "string" ? Date.parse(t) : t);

/**
 * Flaky jobs: per pipeline and job name, a flake is a failed attempt followed by a later
 * successful attempt (the job "failed and then passed on retry"). A job that failed on every
 * attempt, or passed first time, is not a flake; a pipeline counts once however many retries.
 *
 * Flake rate per job name = pipelines with a flake / pipelines where the job ran.
 * Sorted by rate, then flaky count (both descending), then name.
 */
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
    attempts.sort((a, b) => time(a.createdAt) - time(b.createdAt) || compareIds(a.id, b.id));
    let failedBefore = false;
    let flaky = false;
    for (const attempt of attempts) {
      if (attempt.status === "failed") failedBefore = true;
      else if (attempt.status === "success" && failedBefore) {
        flaky = true;
        break;
      }
    }
    const stat = byName.get(name) ?? { pipelines: 0, flaky: 0 };
    stat.pipelines++;
    if (flaky) stat.flaky++;
    byName.set(name, stat);
  }
  return [...byName.entries()]
    .map(([name, s]) => ({ name, pipelines: s.pipelines, flakyPipelines: s.flaky, rate: s.pipelines ? s.flaky / s.pipelines : 0 }))
    .sort((a, b) => b.rate - a.rate || b.flakyPipelines - a.flakyPipelines || a.name.localeCompare(b.name));
}

function compareIds(a: JobAttempt["id"], b: JobAttempt["id"]): number {
  if (a === undefined || b === undefined) return 0;
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
