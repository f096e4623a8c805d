import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "@/lib/platform/db/client";
import { startSimulator, type Simulator } from "@/simulator";
import { createTestDatabase, type TestDatabase } from "../db";
import { startRestartablePostgres, type RestartablePostgres } from "./restartable-postgres";
import {
  gitlabFaultScenario,
  idleCycleRequests,
  PROOF_SERVICES,
  postgresRestartScenario,
  rejectedTokenScenario,
  twoProcessesScenario,
} from "./scenarios";
import { stopSyncProcesses } from "./sync-process";

/*
 * The fault suite, short form (the long form is `npm run bench`, bench/faults.ts): the real sync
 * against the simulated GitLab over HTTP, into real PostgreSQL, with GitLab and the database failing.
 */
const ANCHOR = Date.parse("2026-06-01T12:00:00.000Z");
const simOptions = { now: ANCHOR, historyDays: 1, pipelinesPerDay: 12, liveIntervalSeconds: 900, frozen: true, rateLimitPerMinute: 0 };

describe("GitLab faults", () => {
  let sim: Simulator;
  let tdb: TestDatabase;

  beforeAll(async () => {
    sim = await startSimulator({ seed: 31, ...simOptions });
    tdb = await createTestDatabase();
  });

  // The scenario stops its processes itself; this kills them when a test timed out first.
  afterEach(() => stopSyncProcesses());

  afterAll(async () => {
    await sim.close();
    await tdb.drop();
  });

  it("end with the database equal to GitLab after 5xx bursts, a 429 storm, slow answers, drops, malformed JSON and cut-off artifacts", async () => {
    const target = { db: tdb.db, databaseUrl: tdb.url, sim };
    const result = await gitlabFaultScenario(target, { scale: 1, liveMinutes: 90 });
    expect(result.injected).toBeGreaterThan(15);
    expect(result.truncatedArtifactsSeen).toBeGreaterThan(0);
    expect(result.pipelinesExpected).toBeGreaterThan(40);
    expect(result.differences).toEqual([]);
    expect(result.pipelinesMissing).toBe(0);
    expect(result.duplicateRows).toBe(0);
    expect(result.artifactErrors).toBe(0);
    expect(result.syncErrors).toBe(0);
    expect(await tdb.db.scanReport.count()).toBeGreaterThan(0);
  });

  it("show a wrong token as \"GitLab rejected the token\" and keep every stored row", async () => {
    const result = await rejectedTokenScenario({ db: tdb.db, databaseUrl: tdb.url, sim });
    expect(result.leader).toBe(true);
    expect(result.servicesFailed).toBe(PROOF_SERVICES.length);
    expect(result.rejectedShown).toBe(PROOF_SERVICES.length);
    expect(result.pipelinesBefore).toBeGreaterThan(0);
    expect(result.pipelinesAfter).toBe(result.pipelinesBefore);
  });

  it("cost one request per project in an idle cycle (the pipelines list), as bench/sync.ts reports", async () => {
    const quiet = await startSimulator({ seed: 32, ...simOptions, liveIntervalSeconds: 0 });
    const own = await createTestDatabase();
    try {
      quiet.clock.advance(24 * 3_600_000);
      expect(await idleCycleRequests({ db: own.db, databaseUrl: own.url, sim: quiet })).toBe(PROOF_SERVICES.length);
    } finally {
      await quiet.close();
      await own.drop();
    }
  });

  it("let one of two sync processes on one database sync at a time, and the other take over when it is stopped", async () => {
    // A database of its own, so the processes themselves backfill it (the leader is stopped once it stored some).
    const own = await createTestDatabase();
    try {
      const result = await twoProcessesScenario({ db: own.db, databaseUrl: own.url, sim }, { runMs: 2_000 });
      expect(new Set([...result.pids, process.pid]).size).toBe(3);
      expect(result.leadersDuringRun).toBe(1);
      expect(result.maxLockHolders).toBe(1);
      expect(result.pipelinesAtStop).toBeGreaterThan(0);
      // It stopped its loop and left on SIGTERM by itself (not killed after the grace period).
      expect(result.leaderExit).toBe(0);
      expect(result.takeover).toBe(true);
      expect(result.cyclesAfterTakeover).toBeGreaterThan(0);
      expect(result.converged).toBe(true);
      expect(result.duplicateRows).toBe(0);
      expect(result.differences).toEqual([]);
      expect(await own.db.pipeline.count()).toBeGreaterThan(40);
    } finally {
      await own.drop();
    }
  });
});

describe("PostgreSQL restarted in the middle of a sync", () => {
  let server: RestartablePostgres;
  let sim: Simulator;
  let db: Db;

  beforeAll(async () => {
    server = await startRestartablePostgres();
    db = createDb(server.url);
    sim = await startSimulator({ seed: 33, ...simOptions, historyDays: 2, pipelinesPerDay: 30 });
  });

  afterAll(async () => {
    await db.$disconnect().catch(() => {});
    await sim.close();
    await server.destroy();
  });

  it("resumes by itself and loses nothing", async () => {
    const result = await postgresRestartScenario({ db, databaseUrl: server.url, sim }, server, {
      downMs: 1_500,
      convergeMs: 45_000,
      // Pipelines and jobs are what must survive; artifacts would only lengthen the run.
      loop: { artifactBudget: 0 },
    });
    // Stopped mid-sync: some pipelines stored, not all.
    expect(result.storedAtRestart).toBeGreaterThan(0);
    expect(result.storedAtRestart).toBeLessThan(result.expected);
    expect(result.converged).toBe(true);
    expect(result.differences).toEqual([]);
    expect(result.pipelinesMissing).toBe(0);
    expect(result.duplicateRows).toBe(0);
  });
});
