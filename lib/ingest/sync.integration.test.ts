import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "@/simulator";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { simulatedSyncOptions } from "@/test/support/simulated-sync";
import { compareWithTruth } from "@/test/support/truth";
import { createSyncLoop, type SyncLoop, type SyncLoopOptions } from "./loop";

/*
 * The real sync against the simulated CWIQ GitLab over HTTP, into a real PostgreSQL.
 * The simulator's clock is frozen and moved by hand, so every step is deterministic.
 */
const ANCHOR = Date.parse("2026-06-01T12:00:00.000Z");
const HOUR = 3_600_000;

let sim: Simulator;
let tdb: TestDatabase;
let loop: SyncLoop;

/** This file's sync settings beside the shared ones (test/support/simulated-sync). */
const settings = {
  backfillDays: 4,
  requestTimeoutMs: 1_000,
  retry: { baseDelayMs: 5, maxDelayMs: 40, maxAttempts: 6, maxRateLimitAttempts: 10 },
} satisfies Partial<SyncLoopOptions>;

const options = (overrides: Partial<SyncLoopOptions> = {}): SyncLoopOptions => simulatedSyncOptions(sim, tdb, { ...settings, ...overrides });

beforeAll(async () => {
  sim = await startSimulator({ seed: 7, now: ANCHOR, historyDays: 3, pipelinesPerDay: 12, liveIntervalSeconds: 900, frozen: true, rateLimitPerMinute: 0 });
  tdb = await createTestDatabase();
  loop = createSyncLoop(options());
});

afterAll(async () => {
  await loop.stop();
  await sim.close();
  await tdb.drop();
});

describe("sync against the simulated GitLab", () => {
  it("backfills every pipeline and job exactly once", async () => {
    const cycle = await loop.runCycle();
    expect(cycle.leader).toBe(true);
    expect(cycle.projects.every((p) => p.ok)).toBe(true);
    const result = await compareWithTruth(tdb.db, sim.truth());
    expect(result.pipelinesExpected).toBeGreaterThan(100);
    expect(result.differences).toEqual([]);
    expect(result.pipelinesStored).toBe(result.pipelinesExpected);
    expect(result.jobsStored).toBe(result.jobsExpected);

    const states = await tdb.db.syncState.findMany();
    expect(states).toHaveLength(4);
    expect(states.every((s) => s.backfillDone && s.lastSuccessAt && !s.lastError)).toBe(true);
  });

  it("stores derived stage results for the nine stages, and retried jobs as retried", async () => {
    const main = await tdb.db.pipeline.findFirst({
      where: { refKind: "MAIN", status: "success" },
      include: { stages: { orderBy: { position: "asc" } } },
      orderBy: { id: "desc" },
    });
    expect(main?.stages.map((s) => s.stage)).toEqual(["validate", "test", "build", "push", "scan", "deploy-dev", "migrate", "verify"]);
    // A feature branch whose manual deploy-dev nobody played (some were played, and ran).
    const branch = await tdb.db.pipeline.findFirst({
      where: { refKind: "BRANCH", status: "success", jobs: { some: { name: "deploy-dev", status: "manual" } } },
      include: { stages: true },
    });
    expect(branch?.stages.find((s) => s.stage === "deploy-dev")?.status).toBe("manual");

    // Finished pipelines carry GitLab's test report summary.
    expect(await tdb.db.pipeline.count({ where: { status: "success", testsTotal: { gt: 0 } } })).toBeGreaterThan(10);

    const retried = await tdb.db.job.findMany({ where: { retried: true }, take: 5 });
    for (const job of retried) {
      const newer = await tdb.db.job.count({ where: { pipelineId: job.pipelineId, name: job.name, id: { gt: job.id } } });
      expect(newer).toBeGreaterThan(0);
    }
  });

  it("adds nothing on a second sync", async () => {
    const before = { pipelines: await tdb.db.pipeline.count(), jobs: await tdb.db.job.count() };
    const cycle = await loop.runCycle();
    expect(cycle.projects.every((p) => p.ok)).toBe(true);
    expect({ pipelines: await tdb.db.pipeline.count(), jobs: await tdb.db.job.count() }).toEqual(before);
    expect((await compareWithTruth(tdb.db, sim.truth())).differences).toEqual([]);
  });

  it("picks up new pipelines and status changes in the next cycle", async () => {
    const before = await tdb.db.pipeline.count();
    sim.clock.advance(2 * HOUR);
    const truth = sim.truth();
    const cycle = await loop.runCycle();
    expect(cycle.projects.every((p) => p.ok)).toBe(true);
    const result = await compareWithTruth(tdb.db, truth);
    expect(result.differences).toEqual([]);
    expect(result.pipelinesStored).toBeGreaterThan(before);
  });

  it("ends equal to GitLab after 5xx bursts, 429 storms, slow answers, drops and malformed JSON", async () => {
    sim.clock.advance(3 * HOUR);
    sim.faults.set([
      { kind: "5xx", probability: 0.15 },
      { kind: "429", probability: 0.05, retryAfterSeconds: 0 },
      { kind: "429", count: 3, withoutHeaders: true },
      { kind: "drop", probability: 0.05 },
      { kind: "malformed", probability: 0.05 },
      { kind: "slow", count: 2, delayMs: 1_500 },
    ]);
    await loop.runCycle();
    sim.faults.clear();
    await loop.runCycle();
    const result = await compareWithTruth(tdb.db, sim.truth());
    expect(result.differences).toEqual([]);
    expect(result.pipelinesStored).toBe(result.pipelinesExpected);
    const states = await tdb.db.syncState.findMany();
    expect(states.every((s) => s.lastError === null)).toBe(true);
  });

  it("records a rejected token, keeps the data, and recovers with a good one", async () => {
    const count = await tdb.db.pipeline.count();
    const bad = createSyncLoop(options({ gitlab: { url: sim.url, token: "glpat-wrong" } }));
    await loop.stop(); // hand the lock over
    const cycle = await bad.runCycle();
    expect(cycle.leader).toBe(true);
    expect(cycle.projects.every((p) => !p.ok)).toBe(true);
    const states = await tdb.db.syncState.findMany();
    expect(states.every((s) => s.lastErrorKind === "auth" && s.lastError?.startsWith("GitLab rejected the token"))).toBe(true);
    expect(await tdb.db.pipeline.count()).toBe(count);
    await bad.stop();

    loop = createSyncLoop(options());
    await loop.runCycle();
    expect((await tdb.db.syncState.findMany()).every((s) => s.lastErrorKind === null)).toBe(true);
  });

  it("lets only one process hold the sync lock", async () => {
    const other = createSyncLoop(options());
    try {
      expect((await loop.runCycle()).leader).toBe(true);
      const second = await other.runCycle();
      expect(second).toEqual({ leader: false, requests: 0, projects: [] });
    } finally {
      await other.stop();
    }
  });
});

describe("an idle cycle", () => {
  it("asks GitLab once per project when nothing changed upstream", async () => {
    const quiet = await startSimulator({ seed: 11, now: ANCHOR, historyDays: 2, pipelinesPerDay: 10, liveIntervalSeconds: 0, frozen: true, rateLimitPerMinute: 0 });
    const own = await createTestDatabase();
    quiet.clock.advance(12 * HOUR); // everything from the history has finished
    const idle = createSyncLoop(simulatedSyncOptions(quiet, own, settings));
    try {
      const backfill = await idle.runCycle();
      expect(backfill.requests).toBeGreaterThan(80);
      expect(await own.db.pipeline.count({ where: { status: { in: ["running", "pending", "created"] } } })).toBe(0);
      // The backfill brought the deployments, the CI file and GitLab's own timings too.
      expect(await own.db.deployment.count()).toBeGreaterThan(0);
      expect(await own.db.pipeline.count({ where: { timingsFromGitlab: false } })).toBe(0);
      quiet.stats.reset();
      const cycle = await idle.runCycle();
      // Per project: the pipelines list. Deployments are asked for only when a deploy-dev job moved.
      expect(cycle.requests).toBe(4);
      expect(quiet.stats.total).toBe(4);
    } finally {
      await idle.stop();
      await quiet.close();
      await own.drop();
    }
  });
});

describe("a backfill's catch-up", () => {
  it("says it is catching up while a budgeted step took its whole budget, and not once nothing waits", async () => {
    const quiet = await startSimulator({ seed: 12, now: ANCHOR, historyDays: 1, pipelinesPerDay: 10, liveIntervalSeconds: 0, frozen: true, rateLimitPerMinute: 0 });
    const own = await createTestDatabase();
    quiet.clock.advance(12 * HOUR);
    const loop = createSyncLoop(simulatedSyncOptions(quiet, own, { ...settings, testReportBudget: 3 }));
    const waiting = () => own.db.pipeline.count({ where: { testReportFor: null, finishedAt: { not: null } } });
    try {
      const first = await loop.runCycle();
      expect(first.projects.every((p) => p.ok && p.catchingUp)).toBe(true);
      expect(await waiting()).toBeGreaterThan(0);
      let cycles = 1;
      for (let last = first; last.projects.some((p) => p.catchingUp) && cycles < 20; cycles++) last = await loop.runCycle();
      expect(cycles).toBeGreaterThan(2);
      expect(await waiting()).toBe(0);
    } finally {
      await loop.stop();
      await quiet.close();
      await own.drop();
    }
  });
});
