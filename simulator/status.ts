/** GitLab CI statuses and the composite rule GitLab uses to derive a pipeline's status from its jobs. */

export type JobStatus = "created" | "pending" | "running" | "success" | "failed" | "canceled" | "skipped" | "manual";
export type PipelineStatus = JobStatus;

/** Every status GitLab accepts in `status` / `scope` filters (some never occur here). */
export const AVAILABLE_STATUSES: readonly string[] = [
  "created",
  "waiting_for_resource",
  "preparing",
  "waiting_for_callback",
  "pending",
  "running",
  "success",
  "failed",
  "canceling",
  "canceled",
  "skipped",
  "manual",
  "scheduled",
];

export const COMPLETED_STATUSES: ReadonlySet<string> = new Set(["success", "failed", "canceled", "skipped"]);

/** Statuses that set `finished_at` in GitLab's state machines (skipped does not). */
export const FINISHING_STATUSES: ReadonlySet<string> = new Set(["success", "failed", "canceled"]);

const BIT = {
  created: 1,
  pending: 2,
  running: 4,
  success: 8,
  failed: 16,
  canceled: 32,
  skipped: 64,
  manual: 128,
  successWithWarnings: 256,
  ignored: 512,
} as const;

/** Number of distinct bits statusBit can return (they are 1 << 0 ... 1 << (count - 1)). */
export const STATUS_BIT_COUNT = Object.keys(BIT).length;

function only(set: number, allowed: number): boolean {
  return set !== 0 && (set & ~allowed) === 0;
}

/** One job's contribution to a composite status (see compositeFromBits). */
export function statusBit(status: JobStatus, allowFailure: boolean): number {
  if (allowFailure && (status === "failed" || status === "canceled")) return BIT.successWithWarnings;
  if (allowFailure && status === "manual") return BIT.ignored;
  return BIT[status];
}

/**
 * Port of Gitlab::Ci::Status::Composite (non-DAG) for the statuses the simulator produces: allowed
 * failures count as "success with warnings", manual jobs that may fail are ignored. Takes the OR of
 * statusBit over the jobs, which keeps this hot path free of allocations.
 */
export function compositeFromBits(set: number): PipelineStatus | null {
  if (set === 0) return null;
  const sww = BIT.successWithWarnings;
  const ign = BIT.ignored;
  if (only(set, BIT.skipped | ign)) return "skipped";
  if (only(set, BIT.success | BIT.skipped | sww | ign)) return "success";
  if (only(set, BIT.created | sww | ign)) return "created";
  if (only(set, BIT.canceled | BIT.success | BIT.skipped | sww | ign)) return "canceled";
  if (only(set, BIT.pending | BIT.created | BIT.skipped | sww | ign)) return "pending";
  if (set & (BIT.running | BIT.pending)) return "running";
  if (set & BIT.manual) return "manual";
  if (set & BIT.created) return "running";
  return "failed";
}

export function compositeStatus(jobs: Iterable<{ status: JobStatus; allowFailure: boolean }>): PipelineStatus | null {
  let set = 0;
  for (const job of jobs) set |= statusBit(job.status, job.allowFailure);
  return compositeFromBits(set);
}
