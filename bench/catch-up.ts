import { COMPLETED_STATUSES } from "@/lib/domain/pipeline/statuses";
import type { SyncLoop } from "@/lib/ingest/loop";
import type { Db } from "@/lib/platform/db/client";

/** One cycle, which every project must pass: a figure over failed projects would mean nothing. */
export async function passingCycle(loop: SyncLoop) {
  const cycle = await loop.runCycle();
  const failed = cycle.projects.filter((p) => !p.ok);
  if (failed.length) throw new Error(`a cycle failed for ${failed.map((p) => p.service).join(", ")}`);
  return cycle;
}

/**
 * Cycles until GitLab's own timings of every completed pipeline are stored (they come a budget per
 * cycle after the backfill), at most `maxCycles`: what catching up costs, in cycles and requests.
 */
export async function cyclesUntilTimingsStored(db: Db, loop: SyncLoop, maxCycles: number): Promise<{ cycles: number; requests: number }> {
  const missing = () => db.pipeline.count({ where: { timingsFromGitlab: false, status: { in: [...COMPLETED_STATUSES] } } });
  let cycles = 0;
  let requests = 0;
  while (cycles < maxCycles && (await missing()) > 0) {
    requests += (await passingCycle(loop)).requests;
    cycles += 1;
  }
  return { cycles, requests };
}
