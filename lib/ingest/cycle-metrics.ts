import type { Db } from "@/lib/platform/db/client";
import { metrics } from "@/lib/platform/metrics";

/** A poll's figures for /metrics: its duration and outcome, and where the service's backfill stands. */
export async function recordCycleMetrics(db: Db, serviceId: number, service: string, outcome: { ok: boolean; seconds: number; at: Date }): Promise<void> {
  const m = metrics();
  m.syncCycleSeconds.observe({ service, outcome: outcome.ok ? "ok" : "failed" }, outcome.seconds);
  if (outcome.ok) m.syncLastSuccess.set({ service }, outcome.at.getTime() / 1000);
  const state = await db.syncState.findUnique({ where: { serviceId }, select: { backfillDone: true, backfillPipelines: true, backfillTotal: true } });
  if (!state) return;
  m.backfillDone.set({ service }, state.backfillDone ? 1 : 0);
  m.backfillPipelinesStored.set({ service }, state.backfillPipelines);
  if (state.backfillTotal !== null) m.backfillPipelinesExpected.set({ service }, state.backfillTotal);
}
