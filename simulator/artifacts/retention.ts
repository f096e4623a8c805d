import { DAY_MS } from "@/lib/domain/time";
import type { PlannedJob } from "../plan";
import { Rng } from "../random";

/** GitLab's `artifacts:expire_in` in the CWIQ templates. */
export const ARTIFACT_RETENTION_MS = 30 * DAY_MS;

/** Scanners exit non-zero when they find something, so their templates upload with `artifacts:when: always`. */
const WHEN_ALWAYS: ReadonlySet<string> = new Set(["semgrep", "trivy-fs-scan", "trivy-image-scan"]);

export interface ArtifactRetention {
  /** `artifacts_expire_at`; after it the files are gone. */
  expireAt: number;
  /** Someone erased the job (trace and artifacts) at this time; null when nobody did. */
  erasedAt: number | null;
}

/**
 * Whether a failed job still uploaded its artifacts: only `when: always` jobs whose script failed (a scanner
 * that found something); a runner that died or a timeout leaves nothing behind.
 */
export function uploadsWhenFailed(job: PlannedJob): boolean {
  return WHEN_ALWAYS.has(job.name) && job.failureReason === "script_failure";
}

/**
 * When a finished job's artifacts expire or are erased: 30 days after it finished, except a deterministic
 * few percent whose pipelines set a shorter `expire_in` and about one in a hundred that someone erased.
 */
export function retentionOf(job: PlannedJob): ArtifactRetention | null {
  if (job.finishedAt === null || job.id === 0) return null;
  let retention = cache.get(job);
  if (!retention) {
    retention = draw(job, job.finishedAt);
    cache.set(job, retention);
  }
  return retention;
}

/** Job JSON is rendered often; a job's id and finish time never change once known. */
const cache = new WeakMap<PlannedJob, ArtifactRetention>();

function draw(job: PlannedJob, finishedAt: number): ArtifactRetention {
  const rng = Rng.derive("artifact-retention", job.id);
  const roll = rng.next();
  if (roll < 0.04) return { expireAt: finishedAt + rng.int(1, 7) * DAY_MS, erasedAt: null };
  if (roll < 0.05) return { expireAt: finishedAt + ARTIFACT_RETENTION_MS, erasedAt: finishedAt + Math.round(rng.float(0.2, 12) * DAY_MS) };
  return { expireAt: finishedAt + ARTIFACT_RETENTION_MS, erasedAt: null };
}
