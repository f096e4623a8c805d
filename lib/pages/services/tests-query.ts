import "server-only";
import { DAY_MS } from "@/lib/domain/time";
import { periodStart } from "@/lib/domain/metrics";
import { flipRate } from "@/lib/domain/metrics/test-flakes";
import { flakyTestCommits } from "@/lib/domain/metrics/test-flakes-sql";
import { durationChange, gotSlower } from "@/lib/domain/metrics/test-durations";
import { TEST_REPORT_DUE } from "@/lib/domain/test-reports-sql";
import { TEST_STATUS, testRan } from "@/lib/domain/tests";
import { Prisma, type Db } from "@/lib/platform/db/client";
import type { FailingTest, FlakyTest, ServiceTestRef, ServiceTestsData, ServiceTestsParams, SlowTest, TestCountPoint } from "./types";

/*
 * The service page's Tests section: five statements run concurrently (on separate connections they
 * finish together, where one statement would run on one core), each reading index ranges of the
 * period only:
 * - the most failing tests from test_failure (the few failures: the period's main pipelines by
 *   (service, ref kind, created_at), then their failures by key);
 * - the flaky ones by the shared rule (test-flakes-sql.ts) and their flip rate on main, whose
 *   outcomes are one range of test_result's key each (it carries the status: no heap page per run);
 * - durations, once per period, from a sample of main pipelines read whole (test_result by
 *   pipeline): the median of every test over all its main runs would read a million rows at CWIQ's
 *   size (1,600 tests × 1,100 main pipelines a month), the sample 1,600 × SAMPLE_PIPELINES;
 * - the test count of each main pipeline (pipeline.tests_total, the report's own count), with how
 *   many reports wait to be read and whether the service ever had one.
 * "On main" includes the child pipelines of main pipelines (ui's end-to-end tests run in one). The
 * flake rule looks at every ref, as /tests does, since a commit's branch and main pipelines count
 * alike. Periods are whole UTC days as on the rest of the page; the previous period is the same
 * number of days before it.
 */

/** Rows in each of the section's tables. */
export const TESTS_LIMIT = 10;
/** Main pipelines per period whose durations are read. */
export const SAMPLE_PIPELINES = 20;
/** Points of the test count chart at most. */
export const TREND_POINTS = 240;

export interface ServiceTestsOptions {
  /** The clock, for tests. */
  now?: Date;
}

interface Scope {
  db: Db;
  sid: number;
  now: Date;
  from: Date;
  previousFrom: Date;
}

const MAIN = Prisma.sql`p.ref_kind = 'MAIN'`;
/**
 * A pipeline (alias `p`) whose full test report is stored and holds tests: one that failed before
 * its test jobs has an empty report, which is no test count and no durations.
 */
const REPORTED = Prisma.sql`p.test_report_for IS NOT NULL AND p.tests_total > 0`;

interface TestRow {
  id: number;
  suite: string;
  classname: string;
  name: string;
}

const ref = (r: TestRow): ServiceTestRef => ({ id: r.id, suite: r.suite, classname: r.classname, name: r.name });

/** The period's main pipelines (alias `p`), child pipelines included. */
const mainPipelines = ({ sid, from, now }: Scope) =>
  Prisma.sql`SELECT p.id, p.created_at FROM pipeline p WHERE p.service_id = ${sid} AND ${MAIN} AND p.created_at >= ${from} AND p.created_at <= ${now}`;

/** The tests that failed in most main pipelines of the period. */
async function loadFailing(scope: Scope): Promise<FailingTest[]> {
  const rows = await scope.db.$queryRaw<(TestRow & { failures: number; last_failed_at: Date; last_failed_pipeline: bigint })[]>`
    WITH failing AS (
      SELECT f.test_case_id, count(*)::int AS failures, max(m.created_at) AS last_failed_at, max(m.id) AS last_failed_pipeline
      FROM (${mainPipelines(scope)}) m JOIN test_failure f ON f.pipeline_id = m.id
      GROUP BY f.test_case_id
      ORDER BY failures DESC, last_failed_pipeline DESC
      LIMIT ${TESTS_LIMIT}
    )
    SELECT c.id, c.suite, c.classname, c.name, fl.failures, fl.last_failed_at, fl.last_failed_pipeline
    FROM failing fl JOIN test_case c ON c.id = fl.test_case_id
    ORDER BY fl.failures DESC, fl.last_failed_pipeline DESC`;
  return rows.map((r) => ({ ...ref(r), failures: r.failures, lastFailedAt: r.last_failed_at.toISOString(), lastFailedPipelineId: Number(r.last_failed_pipeline) }));
}

/** The flakiest tests of the period by the shared rule, each with its outcomes on main for the flip rate. */
async function loadFlaky(scope: Scope): Promise<FlakyTest[]> {
  const { db, sid, from, now } = scope;
  const rows = await db.$queryRaw<(TestRow & { flaky_commits: number; statuses: number[] | null })[]>`
    WITH main AS (${mainPipelines(scope)}),
    flaky AS (
      SELECT fc.test_case_id, count(*)::int AS flaky_commits
      FROM (${flakyTestCommits(Prisma.sql`p.service_id = ${sid} AND p.created_at >= ${from} AND p.created_at <= ${now}`)}) fc
      GROUP BY fc.test_case_id
      ORDER BY flaky_commits DESC, fc.test_case_id
      LIMIT ${TESTS_LIMIT}
    )
    SELECT c.id, c.suite, c.classname, c.name, fk.flaky_commits, runs.statuses
    FROM flaky fk JOIN test_case c ON c.id = fk.test_case_id
    -- Its main outcomes, oldest first: one range of the key, which carries the status (index-only).
    LEFT JOIN LATERAL (
      SELECT array_agg(r.status ORDER BY r.pipeline_id) AS statuses FROM test_result r
      WHERE r.test_case_id = fk.test_case_id AND r.pipeline_id = ANY(ARRAY(SELECT id FROM main))
    ) runs ON true`;
  return rows
    .map((r) => {
      const statuses = r.statuses ?? [];
      return { ...ref(r), flakyCommits: r.flaky_commits, mainRuns: statuses.filter(testRan).length, flipRate: flipRate(statuses) };
    })
    .sort((a, b) => b.flakyCommits - a.flakyCommits || b.flipRate - a.flipRate || a.id - b.id);
}

interface MedianRow {
  test_case_id: number;
  p50: number;
  runs: number;
  sampled: number;
}

/** Each test's median duration in one period: the (case → median, runs) and the pipelines sampled. */
interface PeriodMedians {
  byTest: Map<number, { p50Ms: number; runs: number }>;
  sampled: number;
}

/**
 * Median durations per test over up to SAMPLE_PIPELINES reported main pipelines created in
 * [start, end], spread evenly (the last of each of that many equal slices), with their child
 * pipelines. Fewer pipelines than that are all read, so a short history's medians are exact.
 */
async function loadMedians({ db, sid }: Scope, start: Date, end: Prisma.Sql): Promise<PeriodMedians> {
  const rows = await db.$queryRaw<MedianRow[]>`
    WITH own AS (
      SELECT p.id, ntile(${SAMPLE_PIPELINES}) OVER (ORDER BY p.created_at, p.id) AS slice
      FROM pipeline p
      WHERE p.service_id = ${sid} AND ${MAIN} AND p.parent_pipeline_id IS NULL AND ${REPORTED}
        AND p.created_at >= ${start} AND ${end}
    ),
    picked AS (SELECT max(id) AS id FROM own GROUP BY slice),
    sampled AS (
      SELECT id FROM picked
      UNION ALL
      SELECT ch.id FROM picked JOIN pipeline ch ON ch.parent_pipeline_id = picked.id
    )
    SELECT r.test_case_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY r.duration_ms) AS p50, count(*)::int AS runs,
      (SELECT count(*) FROM picked)::int AS sampled
    FROM sampled s JOIN test_result r ON r.pipeline_id = s.id
    WHERE r.status <> ${TEST_STATUS.skipped}
    GROUP BY r.test_case_id`;
  return { byTest: new Map(rows.map((r) => [r.test_case_id, { p50Ms: Math.round(r.p50), runs: r.runs }])), sampled: rows[0]?.sampled ?? 0 };
}

/** The slowest tests of the period, and the ones slower than in the previous period (test-durations.ts). */
async function loadDurations(scope: Scope): Promise<{ slowest: SlowTest[]; slower: SlowTest[]; sampled: number; previousSampled: number }> {
  const [current, previous] = await Promise.all([
    loadMedians(scope, scope.from, Prisma.sql`p.created_at <= ${scope.now}`),
    loadMedians(scope, scope.previousFrom, Prisma.sql`p.created_at < ${scope.from}`),
  ]);
  const stats = [...current.byTest].map(([id, now]) => {
    const before = previous.byTest.get(id);
    const d = { p50Ms: now.p50Ms, runs: now.runs, previousP50Ms: before?.p50Ms ?? null, previousRuns: before?.runs ?? 0 };
    return { id, ...d, change: durationChange(d), slower: gotSlower(d) };
  });
  const slowest = [...stats].sort((a, b) => b.p50Ms - a.p50Ms || a.id - b.id).slice(0, TESTS_LIMIT);
  const slower = stats
    .filter((s) => s.slower)
    .sort((a, b) => (b.change ?? 0) - (a.change ?? 0) || a.id - b.id)
    .slice(0, TESTS_LIMIT);
  const names = await testNames(scope.db, [...slowest, ...slower].map((s) => s.id));
  const withName = (s: (typeof stats)[number]): SlowTest[] => {
    const test = names.get(s.id);
    return test ? [{ ...test, p50Ms: s.p50Ms, runs: s.runs, previousP50Ms: s.previousP50Ms, change: s.change }] : [];
  };
  return { slowest: slowest.flatMap(withName), slower: slower.flatMap(withName), sampled: current.sampled, previousSampled: previous.sampled };
}

async function testNames(db: Db, ids: readonly number[]): Promise<Map<number, ServiceTestRef>> {
  if (ids.length === 0) return new Map();
  const rows = await db.testCase.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, suite: true, classname: true, name: true } });
  return new Map(rows.map((r) => [r.id, ref(r)]));
}

interface TrendRow {
  waiting: number;
  has_results: boolean;
  reported: number | null;
  id: bigint | null;
  iid: number | null;
  created_at: Date | null;
  tests: number | null;
  failed: number | null;
}

/**
 * Each reported main pipeline's test count, thinned evenly (keeping the latest) to TREND_POINTS;
 * with the reports still to read and whether the service ever had one (one row even without points).
 */
async function loadTrend({ db, sid, now, from }: Scope): Promise<{ trend: TestCountPoint[]; reportedPipelines: number; reportsWaiting: number; hasResults: boolean }> {
  const rows = await db.$queryRaw<TrendRow[]>`
    WITH points AS (
      SELECT p.id, p.iid, p.created_at,
        p.tests_total + COALESCE(ch.tests, 0) AS tests,
        COALESCE(p.tests_failed, 0) + COALESCE(p.tests_errored, 0) + COALESCE(ch.failed, 0) AS failed,
        row_number() OVER (ORDER BY p.created_at DESC, p.id DESC) - 1 AS from_latest,
        count(*) OVER () AS reported
      FROM pipeline p
      LEFT JOIN LATERAL (
        SELECT sum(c.tests_total)::int AS tests, sum(COALESCE(c.tests_failed, 0) + COALESCE(c.tests_errored, 0))::int AS failed
        FROM pipeline c WHERE c.parent_pipeline_id = p.id AND c.test_report_for IS NOT NULL
      ) ch ON true
      WHERE p.service_id = ${sid} AND ${MAIN} AND p.parent_pipeline_id IS NULL AND ${REPORTED}
        AND p.created_at >= ${from} AND p.created_at <= ${now}
    ),
    state AS (
      SELECT (SELECT count(*) FROM pipeline WHERE service_id = ${sid} AND ${TEST_REPORT_DUE})::int AS waiting,
        EXISTS (SELECT 1 FROM test_case WHERE service_id = ${sid}) AS has_results
    )
    SELECT state.waiting, state.has_results, pt.reported::int, pt.id, pt.iid, pt.created_at, pt.tests::int, pt.failed::int
    FROM state
    LEFT JOIN points pt ON pt.from_latest % GREATEST(1, ceil(pt.reported::numeric / ${TREND_POINTS}))::int = 0
    ORDER BY pt.created_at, pt.id`;
  const trend = rows.flatMap((r) =>
    r.id === null || r.created_at === null
      ? []
      : [{ pipelineId: Number(r.id), iid: r.iid ?? 0, createdAt: r.created_at.toISOString(), tests: r.tests ?? 0, failed: r.failed ?? 0 }],
  );
  const first = rows[0];
  return { trend, reportedPipelines: first?.reported ?? 0, reportsWaiting: first?.waiting ?? 0, hasResults: first?.has_results ?? false };
}

/** The Tests section of a service's page, or null when no service has that name. */
export async function getServiceTests(db: Db, params: ServiceTestsParams, options: ServiceTestsOptions = {}): Promise<ServiceTestsData | null> {
  const service = await db.service.findUnique({ where: { name: params.service }, select: { id: true } });
  if (!service) return null;
  const now = options.now ?? new Date();
  const from = periodStart(now, params.period);
  const scope: Scope = { db, sid: service.id, now, from, previousFrom: new Date(from.getTime() - params.period * DAY_MS) };

  const [failing, flaky, durations, trend] = await Promise.all([loadFailing(scope), loadFlaky(scope), loadDurations(scope), loadTrend(scope)]);
  return {
    generatedAt: new Date().toISOString(),
    params,
    period: { from: from.toISOString(), to: now.toISOString(), previousFrom: scope.previousFrom.toISOString() },
    reportedPipelines: trend.reportedPipelines,
    durationSample: { max: SAMPLE_PIPELINES, pipelines: durations.sampled, previousPipelines: durations.previousSampled },
    reportsWaiting: trend.reportsWaiting,
    hasResults: trend.hasResults,
    failing,
    flaky,
    slowest: durations.slowest,
    slower: durations.slower,
    trend: trend.trend,
  };
}
