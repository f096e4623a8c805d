import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SERVICES } from "@/lib/platform/config";
import { detectFlakes } from "@/lib/domain/metrics";
import { getPipelinePage } from "../pipelines/query";
import { getServicePage } from "../services/query";
import { startSimulator, type Simulator } from "@/simulator";
import { createSyncLoop } from "@/lib/ingest/loop";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { simulatedSyncOptions } from "@/test/support/simulated-sync";
import { getFlakyJobs } from "./query";

/*
 * One flake rule, three readers: /flaky (SQL), the service page (SQL) and the pipeline page (TS)
 * must agree with detectFlakes over the same jobs, synced from the simulator's history.
 */
const ANCHOR = Date.parse("2026-06-01T12:00:00.000Z");
const DAYS = 7;

let sim: Simulator;
let tdb: TestDatabase;

beforeAll(async () => {
  sim = await startSimulator({ seed: 11, now: ANCHOR, historyDays: 6, pipelinesPerDay: 25, liveIntervalSeconds: 0, frozen: true, rateLimitPerMinute: 0 });
  tdb = await createTestDatabase();
  const loop = createSyncLoop(simulatedSyncOptions(sim, tdb, { backfillDays: DAYS }));
  await loop.runCycle();
  await loop.stop();
});

afterAll(async () => {
  await sim?.close();
  await tdb?.drop();
});

describe("the flake rule across pages", () => {
  it("gives the same flaky pipelines and runs on /flaky, the service page and detectFlakes", async () => {
    const now = new Date(ANCHOR);
    const flaky = await getFlakyJobs(tdb.db, { days: DAYS, now });
    expect(flaky.jobs.length).toBeGreaterThan(0);

    for (const service of DEFAULT_SERVICES) {
      const attempts = await tdb.db.$queryRaw<{ pipelineId: bigint; name: string; status: string; retried: boolean }[]>`
        SELECT j.pipeline_id AS "pipelineId", j.name, j.status, j.retried
        FROM job j JOIN pipeline p ON p.id = j.pipeline_id JOIN service s ON s.id = p.service_id
        WHERE s.name = ${service} AND p.created_at >= ${new Date(ANCHOR - DAYS * 86_400_000)} AND p.created_at <= ${now}`;
      const expected = detectFlakes(attempts).filter((f) => f.flakyPipelines > 0);
      const fromFlakyPage = flaky.jobs
        .filter((j) => j.service === service)
        .map((j) => ({ name: j.jobName, pipelines: j.pipelines, flakyPipelines: j.flakyPipelines }));
      expect(fromFlakyPage.sort((a, b) => a.name.localeCompare(b.name))).toEqual(
        expected.map(({ name, pipelines, flakyPipelines }) => ({ name, pipelines, flakyPipelines })).sort((a, b) => a.name.localeCompare(b.name)),
      );
    }
  });

  it("flags on the pipeline page exactly the pipelines the SQL rule counts", async () => {
    const pairs = await tdb.db.$queryRaw<{ pipelineId: bigint; name: string }[]>`
      SELECT DISTINCT r.pipeline_id AS "pipelineId", r.name FROM job r
      JOIN job f ON f.pipeline_id = r.pipeline_id AND f.name = r.name AND NOT f.retried AND f.status = 'success'
      WHERE r.retried AND r.status = 'failed'`;
    expect(pairs.length).toBeGreaterThan(0);
    const retriedPipelines = await tdb.db.$queryRaw<{ id: bigint }[]>`SELECT DISTINCT pipeline_id AS id FROM job WHERE retried`;
    for (const { id } of retriedPipelines) {
      const page = await getPipelinePage(tdb.db, Number(id));
      const flagged = page?.stages.flatMap((s) => s.jobs.filter((j) => j.flaky).map((j) => j.name)).sort() ?? [];
      const expected = pairs.filter((p) => p.pipelineId === id).map((p) => p.name).sort();
      expect(flagged, `pipeline ${id}`).toEqual(expected);
    }
  });

  it("counts on the service page what /flaky counts for the same window", async () => {
    const now = new Date(ANCHOR);
    const flaky = await getFlakyJobs(tdb.db, { days: 7, now });
    // The service page's 7-day period starts at midnight UTC six days back; /flaky with 7 days
    // reaches further back, so compare over the service page's own window via detectFlakes.
    const page = await getServicePage(tdb.db, { service: "server", period: 7, page: 1, perPage: 25 }, { now });
    const from = page?.period.from ?? "";
    const attempts = await tdb.db.$queryRaw<{ pipelineId: bigint; name: string; status: string; retried: boolean }[]>`
      SELECT j.pipeline_id AS "pipelineId", j.name, j.status, j.retried
      FROM job j JOIN pipeline p ON p.id = j.pipeline_id JOIN service s ON s.id = p.service_id
      WHERE s.name = 'server' AND p.created_at >= ${new Date(from)} AND p.created_at <= ${now}`;
    const expected = detectFlakes(attempts).filter((f) => f.flakyPipelines > 0);
    expect(page?.flakyJobs.map(({ name, pipelines, flakyPipelines }) => ({ name, pipelines, flakyPipelines })).sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      expected.slice(0, 10).map(({ name, pipelines, flakyPipelines }) => ({ name, pipelines, flakyPipelines })).sort((a, b) => a.name.localeCompare(b.name)),
    );
    expect(flaky.jobs.some((j) => j.service === "server")).toBe(page?.flakyJobs.length !== 0);
  });
});
