import pino from "pino";
import { z } from "zod";
import { cwiqServiceNames } from "@/lib/domain/cwiq";
import { createSyncLoop } from "@/lib/ingest/loop";
import { getOverview } from "@/lib/pages/overview/query";
import { createDb } from "@/lib/platform/db/client";
import { cyclesUntilTimingsStored, passingCycle } from "./catch-up";
import { benchDatabase } from "./environment";
import { startSimulatorProcess } from "./simulator-process";
import { percentile, report, timeRuns } from "./stats";

const SERVICES = Number(process.env.BENCH_SCALE_SERVICES ?? 100);
const PIPELINES_PER_PROJECT = Number(process.env.BENCH_SCALE_PIPELINES_PER_PROJECT ?? 30);
/** GITLAB_MAX_REQUESTS_PER_MINUTE for this run: low enough that the backfill meets it for minutes. */
const BUDGET = Number(process.env.BENCH_SCALE_REQUESTS_PER_MINUTE ?? 3_000);

/**
 * A hundred services built from the CWIQ templates, in a database of their own: the first backfill under
 * a request budget (the busiest minute as the simulated GitLab counted it), then an idle cycle, then the
 * overview with every service on it.
 */
export async function benchScale() {
  const database = await benchDatabase();
  const db = createDb(database.url, { max: 10 });
  const sim = await startSimulatorProcess([
    "--seed", "2026", "--days", "30", "--per-project", String(PIPELINES_PER_PROJECT), "--projects", String(SERVICES),
    "--interval", "0", "--frozen", "--rate", "0",
  ]);
  await sim.advance(24 * 3600); // every pipeline of the history has finished
  const clockNow = Date.now() + 24 * 3_600_000;
  const services = cwiqServiceNames(SERVICES).map((name) => ({ name, project: `cwiq/${name}` }));
  const loop = createSyncLoop({
    db,
    databaseUrl: database.url,
    gitlab: { url: sim.url, token: sim.token },
    services,
    pollIntervalSeconds: 30,
    backfillDays: 31,
    concurrency: Number(process.env.BENCH_SYNC_CONCURRENCY ?? 16),
    requestTimeoutMs: 30_000,
    maxRequestsPerMinute: BUDGET,
    logger: pino({ level: process.env.BENCH_LOG_LEVEL ?? "silent" }),
    // Pipelines, jobs and GitLab's timings; artifacts and test reports are measured elsewhere.
    artifactBudget: 0,
    testReportBudget: 0,
    now: () => new Date(clockNow),
  });
  try {
    const start = performance.now();
    const backfill = await passingCycle(loop);
    const rest = await cyclesUntilTimingsStored(db, loop, 49);
    const cycles = 1 + rest.cycles;
    const requests = backfill.requests + rest.requests;
    const seconds = (performance.now() - start) / 1000;
    const stats = z.object({ busiestMinute: z.number() }).parse(await (await fetch(`${sim.url}/__sim/stats`)).json());

    report("sync.scale_services", SERVICES, `services (${PIPELINES_PER_PROJECT} pipelines each)`);
    report("sync.backfill_requests_budget_per_minute", BUDGET, "requests/min (GITLAB_MAX_REQUESTS_PER_MINUTE)");
    report("sync.backfill_requests_100_services", requests, `requests in ${cycles} cycles, ${seconds.toFixed(0)} s`);
    report("sync.backfill_requests_per_minute_max", stats.busiestMinute, "requests in the busiest 60 s, counted by the simulated GitLab");

    const idle = await loop.runCycle();
    report("sync.idle_requests_per_cycle_100_services", idle.requests, "requests");

    await db.$executeRawUnsafe("VACUUM ANALYZE");
    const serviceOrder = services.map((s) => s.name);
    const overview = await timeRuns(() => getOverview(db, { serviceOrder }), 200);
    report("api.overview_p50_ms_100_services", percentile(overview, 50), "ms");
    report("api.overview_p95_ms_100_services", percentile(overview, 95), "ms");
  } finally {
    await loop.stop();
    await sim.close();
    await db.$disconnect();
    await database.close();
  }
}
