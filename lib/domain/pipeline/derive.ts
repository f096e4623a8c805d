import { stagePosition, type StageStatus } from "./stages";

/** The fields of a job that stage derivation needs. */
export interface JobForDerivation {
  id: number;
  name: string;
  stage: string;
  status: string;
  allowFailure: boolean;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface DerivedStage {
  stage: string;
  position: number;
  status: StageStatus;
  startedAt: Date | null;
  finishedAt: Date | null;
}

const ACTIVE = new Set(["running"]);
const WAITING = new Set(["pending", "preparing", "waiting_for_resource", "waiting_for_callback", "scheduled"]);

/**
 * Ids of jobs that a later attempt replaced: GitLab keeps every attempt of a job
 * (same stage and name); the one with the highest id is the current one.
 */
export function retriedJobIds(jobs: readonly Pick<JobForDerivation, "id" | "name" | "stage">[]): Set<number> {
  const latest = new Map<string, number>();
  for (const job of jobs) {
    const key = `${job.stage}\u0000${job.name}`;
    const current = latest.get(key);
    if (current === undefined || job.id > current) latest.set(key, job.id);
  }
  const retried = new Set<number>();
  for (const job of jobs) {
    if (latest.get(`${job.stage}\u0000${job.name}`) !== job.id) retried.add(job.id);
  }
  return retried;
}

/** A stage's status from its current jobs, the way GitLab composes it. */
export function stageStatus(jobs: readonly Pick<JobForDerivation, "status" | "allowFailure">[]): StageStatus {
  const statuses = jobs.map((j) => j.status);
  const has = (s: string) => statuses.includes(s);
  const hardFailure = jobs.some((j) => j.status === "failed" && !j.allowFailure);
  const softFailure = jobs.some((j) => j.status === "failed" && j.allowFailure);

  if (statuses.length === 0) return "skipped";
  if (statuses.some((s) => ACTIVE.has(s))) return "running";
  const done = statuses.filter((s) => !WAITING.has(s) && s !== "created" && s !== "manual" && s !== "skipped");
  const waiting = statuses.some((s) => WAITING.has(s));
  // Some jobs finished while others are still queued: the stage is under way.
  if (waiting && done.length > 0) return "running";
  if (waiting) return "pending";
  if (hardFailure) return "failed";
  if (has("canceled")) return "canceled";
  if (has("created") && done.length === 0) return "created";
  if (has("manual") && done.length === 0) return "manual";
  if (statuses.every((s) => s === "skipped")) return "skipped";
  if (softFailure) return "failed_allowed";
  if (has("success")) return "success";
  if (has("created")) return "created";
  if (has("manual")) return "manual";
  return "skipped";
}

function minDate(dates: (Date | null)[]): Date | null {
  let best: Date | null = null;
  for (const d of dates) if (d && (!best || d < best)) best = d;
  return best;
}

function maxDate(dates: (Date | null)[]): Date | null {
  let best: Date | null = null;
  for (const d of dates) if (d && (!best || d > best)) best = d;
  return best;
}

/**
 * Stage positions by the order GitLab created the jobs: it creates a pipeline's jobs stage by stage,
 * so the lowest job id of each stage ranks the stages as the pipeline's own configuration orders them.
 */
function positionsByJobIds(jobs: readonly Pick<JobForDerivation, "id" | "stage">[]): Map<string, number> {
  const first = new Map<string, number>();
  for (const job of jobs) first.set(job.stage, Math.min(first.get(job.stage) ?? Infinity, job.id));
  return new Map([...first.entries()].sort((a, b) => a[1] - b[1]).map(([stage], i) => [stage, i]));
}

/**
 * One result per stage present in the pipeline, standard stages in pipeline order and any
 * other stage after them (never dropped). Retried attempts do not decide the status. A pipeline
 * not made by the CWIQ templates (a child pipeline) keeps its own order (`ownOrder`).
 */
export function deriveStages(jobs: readonly JobForDerivation[], options: { ownOrder?: boolean } = {}): DerivedStage[] {
  const retried = retriedJobIds(jobs);
  const own = options.ownOrder ? positionsByJobIds(jobs) : null;
  const byStage = new Map<string, JobForDerivation[]>();
  for (const job of jobs) {
    const list = byStage.get(job.stage) ?? [];
    list.push(job);
    byStage.set(job.stage, list);
  }
  const firstSeen = [...byStage.keys()];
  return [...byStage.entries()]
    .map(([stage, stageJobs]) => {
      const current = stageJobs.filter((j) => !retried.has(j.id));
      const status = stageStatus(current);
      const finished = status !== "running" && status !== "pending";
      return {
        stage,
        position: own?.get(stage) ?? stagePosition(stage),
        status,
        startedAt: minDate(stageJobs.map((j) => j.startedAt)),
        finishedAt: finished ? maxDate(current.map((j) => j.finishedAt)) : null,
      };
    })
    .sort((a, b) => a.position - b.position || firstSeen.indexOf(a.stage) - firstSeen.indexOf(b.stage));
}

/**
 * Running time of a pipeline as GitLab counts it: the union of its jobs' running
 * periods, so parallel jobs are not counted twice and gaps between stages are not counted.
 */
export function runningSeconds(jobs: readonly Pick<JobForDerivation, "startedAt" | "finishedAt">[], now: Date): number | null {
  const periods = jobs
    .filter((j) => j.startedAt)
    .map((j) => [j.startedAt!.getTime(), (j.finishedAt ?? now).getTime()] as const)
    .sort((a, b) => a[0] - b[0]);
  if (periods.length === 0) return null;
  let total = 0;
  let [start, end] = periods[0]!;
  for (const [s, e] of periods.slice(1)) {
    if (s > end) {
      total += end - start;
      [start, end] = [s, e];
    } else if (e > end) end = e;
  }
  total += end - start;
  return Math.round(total / 1000);
}
