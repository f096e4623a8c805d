import { DAY_MS } from "@/lib/domain/time";
import { Writable } from "node:stream";
import pino, { type Logger } from "pino";
import { DEFAULT_SERVICES } from "@/lib/platform/config";
import type { Db } from "@/lib/platform/db/client";
import type { FaultSpec, Simulator } from "@/simulator";
import { createSyncLoop, type SyncLoop, type SyncLoopOptions } from "@/lib/ingest/loop";
import { compareWithTruth } from "../support/truth";
import { duplicateRows } from "./rows";
import { startSyncProcess, type SyncProcess } from "./sync-process";

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
    // Or fetched again during the faults: a report stored more than once was stored as unreadable first.
    const [refetched] = await target.db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM scan_report WHERE attempts > 1`;
    return { ...result, injected, truncatedArtifactsSeen: Math.max(truncated, Number(refetched?.n ?? 0)), failedDuringFaults: [...faulty.projects, ...faultyAgain.projects].filter((p) => !p.ok).length };
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

/**
 * Sessions holding the sync lock in this database. Picked by the lock connection's application name,
 * since the schema engine takes an advisory lock of its own while a starting process migrates.
 */
async function lockHolders(db: Db): Promise<number> {
  const rows = await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(DISTINCT l.pid) AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
    WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = 'stageboard-sync-lock'
      AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`;
  return Number(rows[0]?.n ?? 0);
}

const TOOK_LOCK = "sync lock taken";
const STARTED = "sync loop running";
const CYCLE_DONE = "sync cycle done";

/**
 * The environment that makes `npm run sync` run as proofLoopOptions does, as far as settings exist
 * for it. Without one for the clock, retries or a 1 s interval, the process keeps the real clock (so its
 * backfill window is widened to start where the proof's does), the default retry policy and the
 * shortest interval the configuration allows (5 s).
 */
export function proofSyncEnv(target: ProofTarget): Record<string, string> {
  const options = proofLoopOptions(target);
  const realDaysAhead = Math.ceil((Date.now() - target.sim.clock.now()) / DAY_MS);
  return {
    DATABASE_URL: target.databaseUrl,
    GITLAB_URL: options.gitlab.url,
    GITLAB_TOKEN: options.gitlab.token,
    STAGEBOARD_SERVICES: options.services.map((s) => `${s.name}=${s.project}`).join(","),
    SYNC_INTERVAL_SECONDS: String(Math.max(5, options.pollIntervalSeconds)),
    BACKFILL_DAYS: String(Math.min(3_650, Math.max(1, options.backfillDays + realDaysAhead))),
    SYNC_CONCURRENCY: String(options.concurrency),
    GITLAB_TIMEOUT_MS: String(options.requestTimeoutMs),
    // SonarQube and DefectDojo stay unset, as in proofLoopOptions: with a GitLab configured they are off.
    LOG_LEVEL: "info",
  };
}

function describeExit(p: SyncProcess): string {
  return `sync process ${p.pid} exited (${String(p.exit)}): ${p.otherOutput.slice(-5).join(" | ") || "no output"}`;
}

/**
 * Two app processes (two `npm run sync`, real OS processes) on one database: at no moment do two hold
 * the lock; exactly one syncs; when it is stopped with SIGTERM, the other takes over and completes a
 * cycle; no row is ever stored twice, and the database ends equal to GitLab.
 */
export async function twoProcessesScenario(target: ProofTarget, options: { runMs: number; startMs?: number; takeoverMs?: number }) {
  const env = proofSyncEnv(target);
  const processes: SyncProcess[] = [];
  let maxHolders = 0;
  let sampling = true;
  let samplingError: unknown;
  // Sampled for the whole scenario, the takeover included.
  const sampler = (async () => {
    while (sampling) {
      maxHolders = Math.max(maxHolders, await lockHolders(target.db));
      await new Promise((r) => setTimeout(r, 100));
    }
  })().catch((error: unknown) => {
    samplingError = error;
  });
  try {
    processes.push(startSyncProcess(env), startSyncProcess(env));
    const early = () => processes.find((p) => p.exit !== null);
    // Both started and one leading (tsx start-up and the migration check take seconds on 2 cores).
    const started = await waitUntil(
      () => early() !== undefined || (processes.every((p) => p.count(STARTED) > 0) && processes.some((p) => p.count(TOOK_LOCK) > 0)),
      options.startMs ?? 30_000,
    );
    const crashed = early();
    if (crashed) throw new Error(describeExit(crashed));
    if (!started) throw new Error(`the sync processes did not start: ${processes.map((p) => p.messages.join(", ")).join(" / ")}`);
    await new Promise((r) => setTimeout(r, options.runMs));
    // The leader is stopped once it has written something, so the other carries on from rows it did not store.
    await waitUntil(async () => (await target.db.pipeline.count()) > 0, options.takeoverMs ?? 20_000);

    const leaders = processes.filter((p) => p.count(TOOK_LOCK) > 0);
    const leader = leaders[0];
    const other = processes.find((p) => p !== leader);
    let leaderExit: number | string | null = null;
    let takeover = false;
    let converged = false;
    let pipelinesAtStop = 0;
    if (leader && other && leaders.length === 1) {
      pipelinesAtStop = await target.db.pipeline.count();
      leaderExit = await leader.stop();
      takeover = await waitUntil(() => other.count(TOOK_LOCK) > 0 || other.exit !== null, options.takeoverMs ?? 20_000);
      takeover &&= other.exit === null;
      // A cycle done after the takeover, and the database equal to GitLab (the leader may have been stopped mid-backfill).
      converged =
        takeover &&
        (await waitUntil(
          async () => other.count(CYCLE_DONE) > 0 && (await compareWithTruth(target.db, target.sim.truth())).differences.length === 0,
          options.takeoverMs ?? 20_000,
        ));
    }
    sampling = false;
    await sampler;
    if (samplingError !== undefined) throw samplingError;
    return {
      pids: processes.map((p) => p.pid),
      leadersDuringRun: leaders.length,
      maxLockHolders: maxHolders,
      pipelinesAtStop,
      leaderExit,
      takeover,
      cyclesAfterTakeover: other?.count(CYCLE_DONE) ?? 0,
      converged,
      duplicateRows: await duplicateRows(target.db),
      differences: (await compareWithTruth(target.db, target.sim.truth())).differences,
    };
  } finally {
    sampling = false;
    await Promise.all(processes.map((p) => p.stop()));
    await sampler;
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
