import pino from "pino";
import { SETTLED_STATUSES } from "@/lib/domain/pipeline/statuses";
import { DAY_MS } from "@/lib/domain/time";
import pLimit from "p-limit";
import { DEFAULT_TEST_REPORT_BUDGET, fillTestReports } from "@/lib/ingest/steps/test-reports";
import { storeTestReport } from "@/lib/ingest/store/tests";
import { createGitlabClient } from "@/lib/upstream/gitlab/client";
import type { Db } from "@/lib/platform/db/client";
import { parseTestReport } from "@/lib/upstream/gitlab/test-report";
import { startSimulator } from "@/simulator";
import { getTestPage } from "@/lib/pages/test/query";
import { getTestsPage } from "@/lib/pages/tests/query";
import { getServiceTests } from "@/lib/pages/services/tests-query";
import { DEFAULT_SERVICES } from "@/lib/platform/config";
import type { TestsPageParams } from "@/lib/pages/tests/params";
import { percentile, report, timeRuns } from "./stats";

/*
 * Test results at scale, on the bench database the sync filled (4 services × 2,500 pipelines):
 * - tests.ingest_results_per_s: real simulated reports (pytest, vitest, Playwright; failures with
 *   their text), parsed and stored as the sync's test-report step does, one report after another;
 * - tests.stored_results: the rest of the history generated in SQL (generate_series over pipelines
 *   × the service's test cases), with older pipelines added until the table holds TARGET results;
 * - tests.bytes_per_result: test_result with its index, per row;
 * - tests.report_requests_per_cycle: what the test-report step of an idle cycle asks GitLab for
 *   once every report is read (a GitLab that answers nothing would fail it), and its time.
 * Runs after the other page figures, since it adds pipelines to the database.
 */

const TARGET_RESULTS = Number(process.env.BENCH_TEST_RESULTS ?? 10_500_000);
const SAMPLE_PER_SERVICE = Number(process.env.BENCH_TEST_REPORTS_PER_SERVICE ?? 40);
/** Synthetic older pipelines sit this far below the simulator's ids (which start at 1,204,000). */
const OLDER_ID_OFFSET = 1_000_000;

interface Sample {
  service: string;
  bytes: Uint8Array;
}

/** Real report bodies from a small simulated history, newest first per service. */
async function sampleReports(): Promise<Sample[]> {
  const sim = await startSimulator({ seed: 99, historyDays: 4, pipelinesPerProject: SAMPLE_PER_SERVICE + 10, liveIntervalSeconds: 0, frozen: true, rateLimitPerMinute: 0 });
  try {
    sim.clock.advance(DAY_MS);
    const samples: Sample[] = [];
    for (const project of sim.truth().projects) {
      const finished = project.pipelines.filter((p) => p.listItem.status === "success" || p.listItem.status === "failed").reverse();
      for (const p of finished.slice(0, SAMPLE_PER_SERVICE)) {
        const res = await fetch(`${sim.url}/api/v4/projects/${project.project.id}/pipelines/${p.listItem.id}/test_report`, {
          headers: { "PRIVATE-TOKEN": sim.token },
        });
        samples.push({ service: project.project.name, bytes: new Uint8Array(await res.arrayBuffer()) });
      }
    }
    return samples;
  } finally {
    await sim.close();
  }
}

async function ingestRate(db: Db): Promise<void> {
  const samples = await sampleReports();
  const services = new Map((await db.service.findMany()).map((s) => [s.name, s.id]));
  // Each sample lands on one of the service's own (parent) pipelines, newest first.
  const targets = new Map<string, { id: bigint; updated_at: Date; first_read: boolean }[]>();
  for (const name of new Set(samples.map((s) => s.service))) {
    targets.set(
      name,
      await db.$queryRaw<{ id: bigint; updated_at: Date; first_read: boolean }[]>`
        SELECT id, updated_at, test_report_for IS NULL AS first_read FROM pipeline WHERE service_id = ${services.get(name) ?? -1} AND parent_pipeline_id IS NULL
        ORDER BY id DESC LIMIT ${SAMPLE_PER_SERVICE}`,
    );
  }
  let results = 0;
  let bytes = 0;
  const start = performance.now();
  // As the sync's step does: the next report is parsed while PostgreSQL stores the one before (the
  // stores one after another, so a service's new cases are in before its next report looks them up).
  let storing: Promise<void> = Promise.resolve();
  for (const sample of samples) {
    const serviceId = services.get(sample.service);
    const target = targets.get(sample.service)?.shift();
    if (serviceId === undefined || !target) continue;
    const answer = parseTestReport(sample.bytes);
    if (answer.status !== "ok") throw new Error(`a simulated report did not parse: ${answer.status}`);
    bytes += sample.bytes.byteLength;
    await storing;
    storing = storeTestReport(db, serviceId, { pipelineId: Number(target.id), readFor: target.updated_at, report: answer.report, firstRead: target.first_read }).then((n) => {
      results += n;
    });
  }
  await storing;
  const seconds = (performance.now() - start) / 1000;
  if (results === 0) throw new Error("no pipeline to store test reports on: run the sync bench first");
  report("tests.ingest_reports", samples.length, "reports");
  report("tests.ingest_report_mb", bytes / 1024 / 1024, "MB");
  report("tests.ingest_results_per_s", Math.round(results / seconds), "results/s");
}

/** Older pipelines (copies of the oldest ones, a month earlier, with ids below) until the target fits. */
async function addOlderPipelines(db: Db, perPipeline: number, have: number): Promise<number> {
  const wanted = Math.max(0, Math.ceil((TARGET_RESULTS - have) / Math.max(1, perPipeline)));
  if (wanted === 0) return 0;
  return db.$executeRaw`
    INSERT INTO pipeline (id, iid, service_id, ref, ref_kind, sha, source, status, name, commit_title, commit_author,
      created_at, updated_at, started_at, finished_at, duration, queued_duration, web_url, tests_total)
    SELECT id - ${OLDER_ID_OFFSET}, iid, service_id, ref, ref_kind, md5(sha) || left(sha, 8), source, status, name, commit_title, commit_author,
      created_at - interval '30 days', updated_at - interval '30 days', started_at - interval '30 days', finished_at - interval '30 days',
      duration, queued_duration, web_url, tests_total
    FROM pipeline WHERE parent_pipeline_id IS NULL AND status IN ('success', 'failed') AND id > ${OLDER_ID_OFFSET}
    ORDER BY id LIMIT ${wanted}
    ON CONFLICT (id) DO NOTHING`;
}

/** Every pipeline without results gets one per test case of its service (Playwright's for children). */
async function generateHistory(db: Db): Promise<void> {
  const start = performance.now();
  // A failed pipeline fails about three of every thousand tests; a few are skipped; times jitter around each case's own.
  await db.$executeRaw`
    INSERT INTO test_result (test_case_id, pipeline_id, status, duration_ms)
    SELECT c.id, p.id,
      CASE WHEN p.status = 'failed' AND abs(hashint8(p.id * 7919 + c.id)::bigint) % 1000 < 3 THEN 1
           WHEN abs(hashint4(c.id)::bigint) % 200 = 0 THEN 3 ELSE 0 END,
      ((5 + abs(hashint4(c.id)::bigint) % 400) * (90 + abs(hashint8(p.id + c.id * 31)::bigint) % 20) / 100)::int
    FROM pipeline p
    JOIN test_case c ON c.service_id = p.service_id AND (c.suite = 'playwright') = (p.parent_pipeline_id IS NOT NULL)
    WHERE p.status IN ('success', 'failed') AND p.test_report_for IS NULL
    ON CONFLICT DO NOTHING`;
  await db.$executeRaw`
    INSERT INTO test_failure (pipeline_id, test_case_id, message)
    SELECT r.pipeline_id, r.test_case_id, 'E   assert 500 == 200' FROM test_result r
    JOIN pipeline p ON p.id = r.pipeline_id AND p.test_report_for IS NULL
    WHERE r.status = 1
    ON CONFLICT DO NOTHING`;
  // The report's counts, as the sync stores them with its results (the service page's test count reads them).
  await db.$executeRaw`
    UPDATE pipeline p SET tests_total = cs.total, tests_skipped = cs.skipped, tests_errored = 0,
      tests_failed = (SELECT count(*) FROM test_failure f WHERE f.pipeline_id = p.id)
    FROM (
      SELECT service_id, suite = 'playwright' AS child, count(*) AS total, count(*) FILTER (WHERE abs(hashint4(id)::bigint) % 200 = 0) AS skipped
      FROM test_case GROUP BY 1, 2
    ) cs
    WHERE p.test_report_for IS NULL AND p.status IN ('success', 'failed') AND cs.service_id = p.service_id AND cs.child = (p.parent_pipeline_id IS NOT NULL)`;
  // Every finished pipeline's report counts as read (canceled and skipped ones had no test results here).
  await db.$executeRaw`UPDATE pipeline SET test_report_for = updated_at WHERE test_report_for IS NULL AND status = ANY(${[...SETTLED_STATUSES]}::text[])`;
  report("tests.generate_seconds", (performance.now() - start) / 1000, "s");
}

/** The test-report step of a cycle once every report is read: the requests it sends and its time (pruning included). */
async function idleStep(db: Db): Promise<void> {
  let requests = 0;
  const gitlab = createGitlabClient({ url: "http://127.0.0.1:9", token: "glpat-bench", timeoutMs: 1_000, onRequest: () => requests++ });
  const services = await db.service.findMany();
  const ctx = { db, gitlab, limit: pLimit(4), backfillDays: 31, overlapMs: 60_000, logger: pino({ level: "silent" }) };
  const start = performance.now();
  for (const s of services) {
    await fillTestReports(ctx, { serviceId: s.id, service: s.name, projectRef: s.projectRef, projectId: s.gitlabProjectId ?? 0, backfilling: false }, DEFAULT_TEST_REPORT_BUDGET);
  }
  report("tests.report_requests_per_cycle", requests, "requests (idle, caught up)");
  report("tests.idle_step_ms", performance.now() - start, "ms (4 services, retention check included)");
}

export async function benchTests(db: Db): Promise<void> {
  await ingestRate(db);
  const [shape] = await db.$queryRaw<{ results: bigint; per_pipeline: number }[]>`
    SELECT (SELECT count(*) FROM test_result) AS results,
      (SELECT avg(n)::float8 FROM (SELECT count(*) AS n FROM test_case GROUP BY service_id) s) AS per_pipeline`;
  const [pipelines] = await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM pipeline WHERE status IN ('success', 'failed') AND test_report_for IS NULL`;
  const perPipeline = Number(shape?.per_pipeline ?? 1);
  const planned = Number(shape?.results ?? 0) + Number(pipelines?.n ?? 0) * perPipeline;
  await addOlderPipelines(db, perPipeline, planned);
  await generateHistory(db);
  await db.$executeRawUnsafe("VACUUM ANALYZE test_result");
  const [size] = await db.$queryRaw<{ results: bigint; bytes: bigint }[]>`
    SELECT (SELECT count(*) FROM test_result) AS results, pg_total_relation_size('test_result') AS bytes`;
  const results = Number(size?.results ?? 0);
  report("tests.stored_results", results, "results");
  report("tests.bytes_per_result", Number(size?.bytes ?? 0) / Math.max(1, results), "bytes (table + index)");
  await idleStep(db);
  await pageTimes(db);
}

/** One test's page over random tests of every service, at this size. */
async function pageTimes(db: Db): Promise<void> {
  const ids = (await db.$queryRaw<{ id: number }[]>`SELECT id FROM test_case ORDER BY random() LIMIT 200`).map((r) => r.id);
  let next = 0;
  const history = await timeRuns(() => getTestPage(db, ids[next++ % ids.length] ?? 1), 200);
  report("api.test_history_p50_ms", percentile(history, 50), "ms");
  report("api.test_history_p95_ms", percentile(history, 95), "ms");

  // /tests as people use it: the failing and flaky lists of each period, a search, a service's tests.
  const views: TestsPageParams[] = [
    { view: "failing", period: 30 },
    { view: "flaky", period: 30 },
    { view: "failing", period: 90 },
    { view: "all", period: 30, q: "token" },
    { view: "all", period: 7, service: "server", q: "test_creates" },
  ];
  let turn = 0;
  const list = await timeRuns(() => getTestsPage(db, views[turn++ % views.length] ?? { view: "failing", period: 30 }), 100);
  report("api.tests_page_p50_ms", percentile(list, 50), "ms");
  report("api.tests_page_p95_ms", percentile(list, 95), "ms");

  // The service page's Tests section (its own request beside the page's), each service in turn.
  await serviceTestsTimes(db);
}

export async function serviceTestsTimes(db: Db): Promise<void> {
  let turn = 0;
  const nextService = () => DEFAULT_SERVICES[turn++ % DEFAULT_SERVICES.length] ?? "server";
  for (const period of [7, 30, 90] as const) {
    const times = await timeRuns(() => getServiceTests(db, { service: nextService(), period }), 100);
    report(`api.service_tests_${period}d_p50_ms`, percentile(times, 50), "ms");
    report(`api.service_tests_${period}d_p95_ms`, percentile(times, 95), "ms");
  }
}
