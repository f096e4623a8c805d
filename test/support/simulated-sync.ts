import pino from "pino";
import { DEFAULT_SERVICES } from "@/lib/platform/config";
import type { SyncLoop, SyncLoopOptions } from "@/lib/ingest/loop";
import type { Simulator } from "@/simulator";
import type { TestDatabase } from "@/test/db";

/*
 * One place for the sync settings of the tests that run the real sync against the simulated
 * platform: the loop reads `sim` over HTTP into `tdb`, on the simulator's clock, with CWIQ's four
 * services, silently. Each test names its own history window (backfillDays) and whatever else it
 * changes; overrides are spread last.
 */

export type SimulatedSyncOverrides = Partial<SyncLoopOptions> & Pick<SyncLoopOptions, "backfillDays">;

export function simulatedSyncOptions(sim: Simulator, tdb: TestDatabase, overrides: SimulatedSyncOverrides): SyncLoopOptions {
  return {
    db: tdb.db,
    databaseUrl: tdb.url,
    gitlab: { url: sim.url, token: sim.token },
    services: DEFAULT_SERVICES.map((name) => ({ name, project: `cwiq/${name}` })),
    pollIntervalSeconds: 5,
    concurrency: 4,
    requestTimeoutMs: 2_000,
    logger: pino({ level: "silent" }),
    now: () => new Date(sim.clock.now()),
    ...overrides,
  };
}

/**
 * Cycles until a cycle adds nothing to what `count` counts, at most `maxCycles` times; whether it
 * settled (false: still growing after the last cycle).
 */
export async function cycleUntilSettled(loop: SyncLoop, count: () => Promise<number>, maxCycles = 20): Promise<boolean> {
  for (let i = 0; i < maxCycles; i++) {
    const before = await count();
    await loop.runCycle();
    if ((await count()) === before) return true;
  }
  return false;
}
