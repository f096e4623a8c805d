import pino from "pino";
import { UNDER_WAY_STATUSES } from "@/lib/domain/pipeline/statuses";
import { createSyncLoop } from "@/lib/ingest/loop";
import { DEFAULT_SERVICES } from "@/lib/platform/config";
import { createDb, type Db } from "@/lib/platform/db/client";
import { startSimulator } from "@/simulator";
import { cyclesUntilTimingsStored, passingCycle } from "./catch-up";
import { benchDatabase } from "./environment";
import { startSimulatorProcess } from "./simulator-process";
import { report } from "./stats";

const PIPELINES_PER_PROJECT = Number(process.env.BENCH_PIPELINES_PER_PROJECT ?? 2_500);

/**
 * Backfills 4 services × 2,500 pipelines from the simulator through the real client and
 * sync into PostgreSQL, then measures what an idle cycle costs against a full re-fetch.
 */
export async function benchSync(db: Db, databaseUrl: string) {
  // Backfill concurrency, as SYNC_CONCURRENCY sets it for the app.
  const concurrency = Number(process.env.BENCH_SYNC_CONCURRENCY ?? 16);
  const sim = await startSimulatorProcess([
    "--seed", "2026", "--days", "30", "--per-project", String(PIPELINES_PER_PROJECT),
    "--interval", "0", "--frozen", "--rate", "0",
  ]);
  await sim.advance(24 * 3600); // every pipeline of the history has finished
  const clockNow = Date.now() + 24 * 3_600_000;
  const loop = createSyncLoop({
    db,
    databaseUrl,
    gitlab: { url: sim.url, token: sim.token },
    services: DEFAULT_SERVICES.map((name) => ({ name, project: `cwiq/${name}` })),
    pollIntervalSeconds: 30,
    backfillDays: 31,
    concurrency,
    requestTimeoutMs: 30_000,
    logger: pino({ level: process.env.BENCH_LOG_LEVEL ?? "silent" }),
    // Pipelines and jobs only: artifacts and full test reports catch up in later cycles and are not
    // part of these figures (bench/tests.ts measures test reports).
    artifactBudget: 0,
    testReportBudget: 0,
    now: () => new Date(clockNow),
  });
  try {
    const start = performance.now();
    const backfill = await passingCycle(loop);
    const seconds = (performance.now() - start) / 1000;
    const jobs = backfill.projects.reduce((n, p) => n + p.jobsStored, 0);
    const pipelines = backfill.projects.reduce((n, p) => n + p.pipelinesChanged, 0);

    report("sync.concurrency", concurrency, "requests");
    report("sync.backfill_pipelines", pipelines, "pipelines");
    report("sync.backfill_jobs", jobs, "jobs");
    report("sync.backfill_seconds", seconds, "s");
    report("sync.backfill_jobs_per_s", Math.round(jobs / seconds), "jobs/s");

    // GitLab's own timings of completed pipelines catch up in later cycles, a budget per cycle; count them apart.
    const { cycles: fillCycles, requests: fillRequests } = await cyclesUntilTimingsStored(db, loop, 200);
    report("sync.catch_up_requests", fillRequests, "requests (GitLab's timings)");
    report("sync.catch_up_cycles", fillCycles, "cycles");
    // A full re-fetch of the window: every list page and job list, as the backfill made.
    report("sync.naive_requests_per_cycle", backfill.requests + fillRequests, "requests");
    const idle = await loop.runCycle();
    report("sync.idle_requests_per_cycle", idle.requests, "requests");
    // Autovacuum does this in a running system after so many inserts; the page figures that follow
    // should see the tables as they are then, not straight after a bulk load.
    await db.$executeRawUnsafe("VACUUM ANALYZE");
  } finally {
    await loop.stop();
    await sim.close();
  }
}

/**
 * What a poll costs while pipelines run: every pipeline under way is re-read (its jobs), whether or not
 * GitLab's list entry moved. Four projects with live pipelines, in a database of their own; the figure is
 * the mean over cycles 20 s apart that found at least one pipeline under way.
 */
export async function benchRunningRefresh() {
  const database = await benchDatabase();
  const db = createDb(database.url, { max: 4 });
  const anchor = Date.parse("2026-06-01T12:00:00.000Z");
  const sim = await startSimulator({ seed: 5, now: anchor, historyDays: 1, pipelinesPerDay: 8, liveIntervalSeconds: 240, frozen: true, rateLimitPerMinute: 0 });
  const loop = createSyncLoop({
    db,
    databaseUrl: database.url,
    gitlab: { url: sim.url, token: sim.token },
    services: DEFAULT_SERVICES.map((name) => ({ name, project: `cwiq/${name}` })),
    pollIntervalSeconds: 30,
    backfillDays: 2,
    concurrency: 4,
    requestTimeoutMs: 30_000,
    logger: pino({ level: "silent" }),
    artifactBudget: 0,
    now: () => new Date(sim.clock.now()),
  });
  try {
    await loop.runCycle();
    let requests = 0;
    let underWay = 0;
    let cycles = 0;
    for (let step = 0; step < 360 && cycles < 30; step++) {
      sim.clock.advance(20_000);
      const running = await db.pipeline.count({ where: { status: { in: [...UNDER_WAY_STATUSES] } } });
      const cycle = await loop.runCycle();
      if (running === 0) continue;
      requests += cycle.requests;
      underWay += running;
      cycles += 1;
    }
    report("sync.running_refresh_requests_per_cycle", cycles ? Math.round((requests / cycles) * 10) / 10 : 0, `requests (4 projects, ${cycles ? (underWay / cycles).toFixed(1) : 0} pipelines under way on average, ${cycles} cycles)`);
  } finally {
    await loop.stop();
    await sim.close();
    await db.$disconnect();
    await database.close();
  }
}
