import { Writable } from "node:stream";
import pino, { type Logger } from "pino";
import { DEFAULT_SERVICES } from "../../lib/config";
import type { Db } from "../../lib/db/client";
import type { FaultSpec, Simulator } from "../../lib/simulator";
import { createSyncLoop, type SyncLoop, type SyncLoopOptions } from "../../lib/sync/loop";
import { compareWithTruth } from "../support/truth";
import { duplicateRows } from "./rows";

/*
 * The proof scenarios, shared by the short form (test/proof/*.test.ts, in `npm test`) and the long
 * form (bench/faults.ts, in `npm run bench`): only the sizes differ.
 */

export const PROOF_SERVICES = DEFAULT_SERVICES.map((name) => ({ name, project: `cwiq/${name}` }));

export interface ProofTarget {
  db: Db;
  databaseUrl: string;
  sim: Simulator;
  logger?: Logger;
}

export function proofLoopOptions(target: ProofTarget, overrides: Partial<SyncLoopOptions> = {}): SyncLoopOptions {
  return {
    db: target.db,
    databaseUrl: target.databaseUrl,
    gitlab: { url: target.sim.url, token: target.sim.token },
    services: PROOF_SERVICES,
    pollIntervalSeconds: 1,
    // Wider than any simulated history here, so the truth and the backfill cover the same pipelines.
    backfillDays: 31,
    concurrency: 4,
    // Short, so "slower than the client timeout" faults stay short too.
    requestTimeoutMs: 1_000,
    logger: target.logger ?? pino({ level: "silent" }),
    retry: { baseDelayMs: 5, maxDelayMs: 50, maxAttempts: 4, maxRateLimitAttempts: 6, maxRetryAfterMs: 2_000 },
    now: () => new Date(target.sim.clock.now()),
    ...overrides,
  };
}

/** Every GitLab fault the simulator can inject, the artifacts cut off (`malformed` on their path) included. */
export function gitlabFaults(scale: number): FaultSpec[] {
  return [
    { kind: "5xx", count: 6 * scale },
    { kind: "5xx", probability: 0.1 },
    { kind: "429", count: 4 * scale, retryAfterSeconds: 1 },
    { kind: "429", count: 2, withoutHeaders: true },
    { kind: "slow", count: 2 * scale, delayMs: 1_500 },
    { kind: "drop", probability: 0.05 },
    { kind: "malformed", probability: 0.05 },
    { kind: "malformed", count: 3 * scale, path: "/artifacts/" },
  ];
}

export interface ConvergeResult {
  pipelinesExpected: number;
  pipelinesMissing: number;
  differences: string[];
  duplicateRows: number;
  /** Scan reports left as unreadable (a cut-off artifact never fetched whole again). */
  artifactErrors: number;
  cycles: number;
  syncErrors: number;
}

/** Cycles until the database equals the simulator's truth (or `maxCycles`), then what still differs. */
export async function convergeToTruth(loop: SyncLoop, target: ProofTarget, maxCycles = 8): Promise<ConvergeResult> {
  let cycles = 0;
  let differences: string[] = ["not compared yet"];
  for (; cycles < maxCycles; ) {
    const cycle = await loop.runCycle().catch(() => null);
    cycles += 1;
    const pending = await target.db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM scan_report WHERE status = 'error'`;
    differences = (await compareWithTruth(target.db, target.sim.truth())).differences;
    if (cycle?.leader && cycle.projects.every((p) => p.ok) && differences.length === 0 && Number(pending[0]?.n ?? 0) === 0) break;
  }
  const comparison = await compareWithTruth(target.db, target.sim.truth());
  const errors = await target.db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM scan_report WHERE status = 'error'`;
  const syncErrors = await target.db.syncState.count({ where: { lastError: { not: null } } });
  return {
    pipelinesExpected: comparison.pipelinesExpected,
    pipelinesMissing: comparison.differences.filter((d) => d.endsWith(" missing") && d.startsWith("pipeline")).length,
    differences: comparison.differences,
    duplicateRows: await duplicateRows(target.db),
    artifactErrors: Number(errors[0]?.n ?? 0),
    cycles,
    syncErrors,
  };
}

/** GitLab faults during a backfill and a live stretch, then none: the database must end equal to GitLab. */
export async function gitlabFaultScenario(target: ProofTarget, options: { scale: number; liveMinutes: number; loop?: Partial<SyncLoopOptions> }) {
  const loop = createSyncLoop(proofLoopOptions(target, options.loop));
  try {
    target.sim.faults.set(gitlabFaults(options.scale));
    const faulty = await loop.runCycle();
    target.sim.clock.advance(options.liveMinutes * 60_000);
    const faultyAgain = await loop.runCycle();
    const injected = target.sim.stats.snapshot().faultsInjected;
    // Cut-off artifacts that were stored as unreadable, to be fetched again.
    const truncated = await target.db.scanReport.count({ where: { status: "error" } });
    target.sim.faults.clear();
    const result = await convergeToTruth(loop, target);
    return { ...result, injected, truncatedArtifactsSeen: truncated, failedDuringFaults: [...faulty.projects, ...faultyAgain.projects].filter((p) => !p.ok).length };
  } finally {
    await loop.stop();
  }
}

/** A wrong GitLab token: every service shows "GitLab rejected the token", nothing stored is lost. */
export async function rejectedTokenScenario(target: ProofTarget) {
  const before = await target.db.pipeline.count();
  const loop = createSyncLoop(proofLoopOptions(target, { gitlab: { url: target.sim.url, token: "glpat-wrong-token" } }));
  try {
    const cycle = await loop.runCycle();
    const states = await target.db.syncState.findMany();
    return {
      leader: cycle.leader,
      servicesFailed: cycle.projects.filter((p) => !p.ok).length,
      rejectedShown: states.filter((s) => s.lastErrorKind === "auth" && s.lastError?.startsWith("GitLab rejected the token")).length,
      pipelinesBefore: before,
      pipelinesAfter: await target.db.pipeline.count(),
    };
  } finally {
    await loop.stop();
  }
}

/** Requests of a cycle when nothing changed upstream (after one cycle that caught up). */
export async function idleCycleRequests(target: ProofTarget): Promise<number> {
  // Artifacts left out, as bench/sync.ts measures it.
  const loop = createSyncLoop(proofLoopOptions(target, { artifactBudget: 0 }));
  try {
    // The backfill, then the cycle that brings deployments and the CI file, then an idle one.
    await loop.runCycle();
    await loop.runCycle();
    return (await loop.runCycle()).requests;
  } finally {
    await loop.stop();
  }
}

/** A logger whose lines are kept, to see what a loop did. */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = pino({ level: "info" }, new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  }));
  return { logger, lines };
}

export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

/** Sessions holding an advisory lock in this database (the sync lock is the only one Stageboard takes). */
async function lockHolders(db: Db): Promise<number> {
  const rows = await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;
  return Number(rows[0]?.n ?? 0);
}

const TOOK_LOCK = "sync lock taken";

/**
 * Two loops (as two app processes run them) on one database: at no moment do two hold the lock;
 * exactly one syncs; when it stops, the other takes over; no row is ever stored twice.
 */
export async function twoLoopsScenario(target: ProofTarget, options: { runMs: number }) {
  const logs = [capturingLogger(), capturingLogger()];
  const loops = logs.map((log) => createSyncLoop(proofLoopOptions({ ...target, logger: log.logger })));
  try {
    for (const loop of loops) loop.start();
    let maxHolders = 0;
    const until = Date.now() + options.runMs;
    while (Date.now() < until) {
      maxHolders = Math.max(maxHolders, await lockHolders(target.db));
      await new Promise((r) => setTimeout(r, 100));
    }
    const leaders = logs.map((log) => log.lines.some((l) => l.includes(TOOK_LOCK)));
    const leader = leaders.indexOf(true);
    const other = leader === 0 ? 1 : 0;
    if (leader >= 0) await loops[leader]?.stop();
    const takeover = await waitUntil(() => logs[other]?.lines.some((l) => l.includes(TOOK_LOCK)) ?? false, 10_000);
    const cyclesBefore = logs[other]?.lines.filter((l) => l.includes("sync cycle done")).length ?? 0;
    await waitUntil(() => (logs[other]?.lines.filter((l) => l.includes("sync cycle done")).length ?? 0) > cyclesBefore, 20_000);
    return {
      leadersDuringRun: leaders.filter(Boolean).length,
      maxLockHolders: maxHolders,
      takeover,
      duplicateRows: await duplicateRows(target.db),
      differences: (await compareWithTruth(target.db, target.sim.truth())).differences,
    };
  } finally {
    for (const loop of loops) await loop.stop();
  }
}

/**
 * PostgreSQL stopped and started again (same port and data) while the loop backfills: the loop keeps
 * running and, once the database is back, ends equal to GitLab with nothing lost.
 */
export async function postgresRestartScenario(
  target: ProofTarget,
  server: { stop(): Promise<void>; start(): Promise<void> },
  options: { downMs: number; convergeMs: number; loop?: Partial<SyncLoopOptions> },
) {
  const { logger, lines } = capturingLogger();
  const loop = createSyncLoop(proofLoopOptions({ ...target, logger }, options.loop));
  const expected = (await compareWithTruth(target.db, target.sim.truth())).pipelinesExpected;
  try {
    loop.start();
    await waitUntil(async () => (await target.db.pipeline.count().catch(() => 0)) > 0, 30_000);
    const storedAtRestart = await target.db.pipeline.count();
    await server.stop();
    await new Promise((r) => setTimeout(r, options.downMs));
    await server.start();
    const converged = await waitUntil(async () => {
      try {
        const states = await target.db.syncState.findMany();
        const ok = states.length === PROOF_SERVICES.length && states.every((s) => s.backfillDone && s.lastError === null);
        return ok && (await compareWithTruth(target.db, target.sim.truth())).differences.length === 0;
      } catch {
        return false; // the pool reconnects on the next query
      }
    }, options.convergeMs);
    const comparison = await compareWithTruth(target.db, target.sim.truth());
    return {
      expected,
      storedAtRestart,
      converged,
      pipelinesMissing: comparison.differences.filter((d) => d.startsWith("pipeline") && d.endsWith(" missing")).length,
      differences: comparison.differences,
      duplicateRows: await duplicateRows(target.db),
      cycleFailuresLogged: lines.filter((l) => l.includes("sync cycle failed") || l.includes("project sync failed")).length,
    };
  } finally {
    await loop.stop();
  }
}
