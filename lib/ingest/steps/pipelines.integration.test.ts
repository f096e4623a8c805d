import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "@/simulator";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { simulatedSyncOptions } from "@/test/support/simulated-sync";
import { compareWithTruth } from "@/test/support/truth";
import { createSyncLoop, type SyncLoop } from "../loop";

/*
 * Pipelines as GitLab has them over time: a running pipeline's jobs move while its list entry stays
 * put, and a completed pipeline gets GitLab's own timings once it is read on its own.
 */
const ANCHOR = Date.parse("2026-06-01T12:00:00.000Z");

let sim: Simulator;
let tdb: TestDatabase;
let loop: SyncLoop;

beforeAll(async () => {
  sim = await startSimulator({ seed: 11, now: ANCHOR, historyDays: 1, pipelinesPerDay: 6, liveIntervalSeconds: 600, frozen: true, rateLimitPerMinute: 0 });
  tdb = await createTestDatabase();
  loop = createSyncLoop(simulatedSyncOptions(sim, tdb, { services: [{ name: "server", project: "cwiq/server" }], backfillDays: 2, artifactBudget: 0 }));
  const backfill = await loop.runCycle();
  expect(backfill.projects.every((p) => p.ok)).toBe(true);
});

afterAll(async () => {
  await loop.stop();
  await sim.close();
  await tdb.drop();
});

/** GitLab's truth for the one synced project. */
function serverTruth() {
  return sim.projectTruth("cwiq/server");
}

/** Running pipelines whose stored list entry equals GitLab's while some of their jobs differ. */
async function runningWithStaleJobs(): Promise<number[]> {
  const stale: number[] = [];
  for (const truth of serverTruth().projects.flatMap((p) => p.pipelines)) {
    if (truth.listItem.status !== "running") continue;
    const stored = await tdb.db.pipeline.findUnique({ where: { id: BigInt(truth.listItem.id) }, include: { jobs: true } });
    if (!stored || stored.updatedAt.toISOString() !== truth.listItem.updated_at || stored.status !== "running") continue;
    const byId = new Map(stored.jobs.map((j) => [Number(j.id), j.status]));
    if (truth.jobs.some((j) => byId.get(j.id) !== j.status)) stale.push(truth.listItem.id);
  }
  return stale;
}

describe("pipelines under way", () => {
  it("re-reads a running pipeline's jobs every cycle, though GitLab's list entry did not move", async () => {
    let staleBeforeCycle = 0;
    let idleRequests: number[] = [];
    // Twenty-second steps through two hours of live pipelines: each inside the cursor's overlap.
    for (let step = 0; step < 360; step++) {
      sim.clock.advance(20_000);
      staleBeforeCycle += (await runningWithStaleJobs()).length;
      const cycle = await loop.runCycle();
      expect(cycle.projects.every((p) => p.ok)).toBe(true);
      expect((await compareWithTruth(tdb.db, serverTruth())).differences).toEqual([]);
      const running = await tdb.db.pipeline.count({ where: { status: { in: ["running", "pending", "created"] } } });
      if (running === 0) idleRequests.push(cycle.requests);
      if (staleBeforeCycle >= 3 && idleRequests.length >= 3) break;
    }
    // The situation happened (jobs moved under an unmoved list entry), and every cycle caught up.
    expect(staleBeforeCycle).toBeGreaterThanOrEqual(3);
    // With nothing under way a cycle still asks only for the list (GitLab's timings are read once).
    idleRequests = idleRequests.slice(-2);
    expect(idleRequests.every((n) => n <= 2)).toBe(true);
  });

  it("replaces derived timings with GitLab's own once a completed pipeline is read on its own", async () => {
    await loop.runCycle();
    const completed = await tdb.db.pipeline.findMany({ where: { status: { in: ["success", "failed", "canceled"] } } });
    expect(completed.length).toBeGreaterThan(3);
    const truth = new Map(serverTruth().projects.flatMap((p) => p.pipelines).map((t) => [t.pipeline.id, t.pipeline]));
    for (const p of completed) {
      const own = truth.get(Number(p.id));
      expect(p.timingsFromGitlab).toBe(true);
      expect(p.duration).toBe(own?.duration);
      expect(p.queuedDuration).toBe(own?.queued_duration);
      expect(p.startedAt?.toISOString()).toBe(own?.started_at);
      expect(p.finishedAt?.toISOString()).toBe(own?.finished_at);
    }
  });

  it("keeps finished_at empty for a pipeline that waits on a person or has not ended", async () => {
    const open = await tdb.db.pipeline.findMany({ where: { status: { notIn: ["success", "failed", "canceled", "skipped"] } } });
    for (const p of open) expect(p.finishedAt).toBeNull();
  });
});
