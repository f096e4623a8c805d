import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeTestReport } from "@/lib/ingest/store/tests";
import type { GitlabTestReport } from "@/lib/upstream/gitlab/test-report";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { SAMPLE_PIPELINES, TREND_POINTS, getServiceTests } from "./tests-query";
import type { ServiceTestsData } from "./types";

/*
 * The Tests section on a hand-built history of iam-api, stored through the sync's own write path.
 * The period is the last 7 UTC days (Dec 1 – 7); the previous one Nov 24 – 30.
 *
 *            sha  ref     A       B       F                S (ms)  Q (ms)  other
 *   #200 Nov 20   main    pass    pass    —                5000    5       (before both periods)
 *   #201 Nov 25   main    pass    FAIL    —                1000    5
 *   #202 Nov 27   main    pass    pass    —                1000    5
 *   #203 Nov 29   main    pass    pass    —                1100    5
 *   #301 Dec 2 c1 main    FAIL    pass    FAIL             1500    9
 *   #302 Dec 2 c1 main    FAIL    pass    pass (flake c1)  1400    9       (c1 run again)
 *   #303 Dec 3 c2 main    pass    FAIL    skipped          1600    9
 *   #304 Dec 4 c3 main    FAIL    pass    FAIL, its retried job then passes it (flake c3)  1500  8
 *   #305 Dec 5 b1 branch  FAIL    —       FAIL             —       —
 *   #306 Dec 5 b1 MR      pass    —       pass (flakes b1: F and A)
 *   #307 Dec 6 c4 main    pass    pass    pass             1500    9       N added; child #308 runs P (3 s)
 *   #309 Dec 7    main    finished, its report not read yet
 *   #310 Dec 7    main    failed before its tests: an empty report
 */

const NOW = new Date("2026-12-07T12:00:00.000Z");
const HOUR = 3_600_000;

type Outcome = "success" | "failed" | "skipped";
type Case = { name: string; status: Outcome; ms: number; suite?: string };

let tdb: TestDatabase;
let iam: number;
let server: number;
let data: ServiceTestsData;

function report(cases: readonly Case[]): GitlabTestReport {
  const suites = new Map<string, Case[]>();
  for (const c of cases) suites.set(c.suite ?? "test", [...(suites.get(c.suite ?? "test") ?? []), c]);
  const failed = cases.filter((c) => c.status === "failed").length;
  const skipped = cases.filter((c) => c.status === "skipped").length;
  return {
    total_time: 1,
    total_count: cases.length,
    success_count: cases.length - failed - skipped,
    failed_count: failed,
    skipped_count: skipped,
    error_count: 0,
    test_suites: [...suites].map(([name, list]) => ({
      name,
      total_time: 1,
      total_count: list.length,
      success_count: list.filter((c) => c.status === "success").length,
      failed_count: list.filter((c) => c.status === "failed").length,
      skipped_count: list.filter((c) => c.status === "skipped").length,
      error_count: 0,
      suite_error: null,
      test_cases: list.map((c) => ({
        status: c.status,
        name: c.name,
        classname: "tests.unit.test_tokens",
        file: "tests/unit/test_tokens.py",
        execution_time: c.ms / 1000,
        system_output: null,
        stack_trace: c.status === "failed" ? `${c.name}\nE   assert 500 == 200` : null,
      })),
    })),
  };
}

async function addPipeline(
  serviceId: number,
  p: { id: number; at: string; sha: string; kind?: "MAIN" | "BRANCH" | "MERGE_REQUEST"; parent?: number; status?: string },
  cases?: readonly Case[],
) {
  const at = new Date(p.at);
  const ref = p.kind === "BRANCH" ? "feature" : p.kind === "MERGE_REQUEST" ? "refs/merge-requests/4/head" : "main";
  await tdb.db.$executeRaw`
    INSERT INTO pipeline (id, iid, service_id, ref, ref_kind, sha, source, status, created_at, updated_at, web_url, parent_pipeline_id)
    VALUES (${p.id}, ${p.id}, ${serviceId}, ${ref}, ${p.kind ?? "MAIN"}::"RefKind", ${p.sha}, 'push', ${p.status ?? "success"}, ${at}, ${at},
      'https://gitlab.example/p', ${p.parent ?? null})`;
  if (cases) await storeTestReport(tdb.db, serviceId, { pipelineId: p.id, readFor: at, report: report(cases) });
}

/** A main run of iam-api's five unit tests with these outcomes and durations. */
const unit = (a: Outcome, b: Outcome, f: Outcome | null, s: number, q: number, extra: Case[] = []): Case[] => [
  { name: "test_a", status: a, ms: 10 },
  { name: "test_b", status: b, ms: 10 },
  ...(f ? [{ name: "test_f", status: f, ms: 10 }] : []),
  { name: "test_s", status: "success" as const, ms: s },
  { name: "test_q", status: "success" as const, ms: q },
  ...extra,
];

beforeAll(async () => {
  tdb = await createTestDatabase();
  iam = (await tdb.db.service.create({ data: { name: "iam-api", projectRef: "cwiq/iam-api" } })).id;
  server = (await tdb.db.service.create({ data: { name: "server", projectRef: "cwiq/server" } })).id;
  await tdb.db.service.create({ data: { name: "ui", projectRef: "cwiq/ui" } });

  await addPipeline(iam, { id: 200, at: "2026-11-20T10:00:00Z", sha: "p0" }, unit("success", "success", null, 5000, 5));
  await addPipeline(iam, { id: 201, at: "2026-11-25T10:00:00Z", sha: "p1" }, unit("success", "failed", null, 1000, 5));
  await addPipeline(iam, { id: 202, at: "2026-11-27T10:00:00Z", sha: "p2" }, unit("success", "success", null, 1000, 5));
  await addPipeline(iam, { id: 203, at: "2026-11-29T10:00:00Z", sha: "p3" }, unit("success", "success", null, 1100, 5));
  await addPipeline(iam, { id: 301, at: "2026-12-02T09:00:00Z", sha: "c1" }, unit("failed", "success", "failed", 1500, 9));
  await addPipeline(iam, { id: 302, at: "2026-12-02T11:00:00Z", sha: "c1" }, unit("failed", "success", "success", 1400, 9));
  await addPipeline(iam, { id: 303, at: "2026-12-03T10:00:00Z", sha: "c2" }, unit("success", "failed", "skipped", 1600, 9));
  await addPipeline(iam, { id: 304, at: "2026-12-04T10:00:00Z", sha: "c3" }, unit("failed", "success", "failed", 1500, 8));
  // #304's test job was retried and passed F: GitLab's pipeline changed, its report is read again.
  const retried = new Date(Date.parse("2026-12-04T10:00:00Z") + HOUR);
  await tdb.db.pipeline.update({ where: { id: 304n }, data: { updatedAt: retried } });
  await storeTestReport(tdb.db, iam, { pipelineId: 304, readFor: retried, report: report(unit("failed", "success", "success", 1500, 8)) });
  await addPipeline(iam, { id: 305, at: "2026-12-05T10:00:00Z", sha: "b1", kind: "BRANCH" }, [
    { name: "test_a", status: "failed", ms: 10 },
    { name: "test_f", status: "failed", ms: 10 },
  ]);
  await addPipeline(iam, { id: 306, at: "2026-12-05T11:00:00Z", sha: "b1", kind: "MERGE_REQUEST" }, [
    { name: "test_a", status: "success", ms: 10 },
    { name: "test_f", status: "success", ms: 10 },
  ]);
  await addPipeline(iam, { id: 307, at: "2026-12-06T10:00:00Z", sha: "c4" }, unit("success", "success", "success", 1500, 9, [{ name: "test_n", status: "success", ms: 10 }]));
  await addPipeline(iam, { id: 308, at: "2026-12-06T10:20:00Z", sha: "c4", parent: 307 }, [{ name: "login › signs in", status: "success", ms: 3000, suite: "playwright" }]);
  await addPipeline(iam, { id: 309, at: "2026-12-07T10:00:00Z", sha: "c5" });
  await addPipeline(iam, { id: 310, at: "2026-12-07T11:00:00Z", sha: "c6", status: "failed" }, []);

  // Another service's failures stay on its own page.
  await addPipeline(server, { id: 401, at: "2026-12-03T10:00:00Z", sha: "s1" }, [{ name: "test_a", status: "failed", ms: 99_000 }]);

  const loaded = await getServiceTests(tdb.db, { service: "iam-api", period: 7 }, { now: NOW });
  if (!loaded) throw new Error("iam-api not found");
  data = loaded;
});

afterAll(async () => {
  await tdb?.drop();
});

const idOf = async (name: string, serviceId = iam) => (await tdb.db.testCase.findFirstOrThrow({ where: { name, serviceId } })).id;

describe("the service page's tests", () => {
  it("lists the period's most failing tests on main, with their last failure", async () => {
    // A failed in #301, #302 and #304 (#305 is a branch); F in #301 and #304 (before its retry);
    // B in #303 (its failure in #201 is the previous period's).
    expect(data.failing.map((t) => [t.name, t.failures, t.lastFailedPipelineId])).toEqual([
      ["test_a", 3, 304],
      ["test_f", 2, 304],
      ["test_b", 1, 303],
    ]);
    expect(data.failing[0]).toMatchObject({ id: await idOf("test_a"), suite: "test", lastFailedAt: "2026-12-04T10:00:00.000Z" });
  });

  it("finds flaky tests by the shared rule on any ref, with their flip rate on main", () => {
    // F: c1 (#301 failed, #302 passed), c3 (failed, then passed on retry), b1 (branch failed, MR passed).
    // A: b1 only; c1 failed it twice, which is broken, not flaky. B only ever failed alone.
    expect(data.flaky.map((t) => [t.name, t.flakyCommits, t.mainRuns])).toEqual([
      ["test_f", 3, 4],
      ["test_a", 1, 5],
    ]);
    // Main outcomes of F: fail, pass, (skipped: no run), pass (after the retry), pass: one change in three steps.
    expect(data.flaky[0]?.flipRate).toBeCloseTo(1 / 3);
    // A: fail, fail, pass, fail, pass.
    expect(data.flaky[1]?.flipRate).toBeCloseTo(3 / 4);
  });

  it("ranks the slowest tests by median on main, child pipelines' tests included", () => {
    expect(data.slowest.slice(0, 3).map((t) => [t.name, t.p50Ms, t.runs, t.previousP50Ms])).toEqual([
      ["login › signs in", 3000, 1, null],
      ["test_s", 1500, 5, 1000],
      ["test_a", 10, 5, 10],
    ]);
  });

  it("says which tests got slower against the previous period, by how much, and not the noise", () => {
    // S: median 1500 ms now (1500, 1400, 1600, 1500, 1500) against 1000 (#201–#203; #200 is older).
    // Q: 5 → 9 ms is +80 %, but 4 ms is no slowdown; P and N did not run before.
    expect(data.slower.map((t) => [t.name, t.p50Ms, t.previousP50Ms, t.change])).toEqual([["test_s", 1500, 1000, 0.5]]);
    expect(data.durationSample).toEqual({ max: SAMPLE_PIPELINES, pipelines: 5, previousPipelines: 3 });
  });

  it("counts each main pipeline's tests over the period, its child pipeline's too, and not an empty report", () => {
    expect(data.trend.map((p) => [p.pipelineId, p.tests, p.failed])).toEqual([
      [301, 5, 2],
      [302, 5, 1],
      [303, 5, 1],
      [304, 5, 1],
      [307, 7, 0],
    ]);
    expect(data.reportedPipelines).toBe(5);
    expect(data.trend[0]?.createdAt).toBe("2026-12-02T09:00:00.000Z");
  });

  it("says how many reports wait, and keeps to the service and the period", async () => {
    expect(data).toMatchObject({ reportsWaiting: 1, hasResults: true, period: { from: "2026-12-01T00:00:00.000Z", previousFrom: "2026-11-24T00:00:00.000Z" } });
    const other = await getServiceTests(tdb.db, { service: "server", period: 7 }, { now: NOW });
    expect(other?.failing.map((t) => [t.id, t.failures])).toEqual([[await idOf("test_a", server), 1]]);
    // Thirty days (from Nov 8) hold every run of S, #200's 5000 ms too, and nothing before them.
    const month = await getServiceTests(tdb.db, { service: "iam-api", period: 30 }, { now: NOW });
    expect(month?.slowest.find((t) => t.name === "test_s")).toMatchObject({ p50Ms: 1500, runs: 9, previousP50Ms: null, change: null });
    expect(month?.failing.find((t) => t.name === "test_b")?.failures).toBe(2);
  });

  it("has nothing to show for a service without reports, and null for an unknown one", async () => {
    const empty = await getServiceTests(tdb.db, { service: "ui", period: 30 }, { now: NOW });
    expect(empty).toMatchObject({ reportedPipelines: 0, reportsWaiting: 0, hasResults: false, failing: [], flaky: [], slowest: [], slower: [], trend: [] });
    expect(await getServiceTests(tdb.db, { service: "nope", period: 30 }, { now: NOW })).toBeNull();
  });
});

describe("a busy service", () => {
  // 600 main pipelines in the 7 days, one test each, whose duration is the pipeline's number (1…600).
  beforeAll(async () => {
    const busy = (await tdb.db.service.create({ data: { name: "executor", projectRef: "cwiq/executor" } })).id;
    const first = Date.parse("2026-12-01T00:30:00Z");
    await tdb.db.$executeRaw`
      INSERT INTO pipeline (id, iid, service_id, ref, ref_kind, sha, source, status, created_at, updated_at, web_url, tests_total, test_report_for)
      SELECT 10000 + n, n, ${busy}, 'main', 'MAIN', md5(n::text), 'push', 'success',
        ${new Date(first)}::timestamptz + n * interval '15 minutes', ${new Date(first)}::timestamptz + n * interval '15 minutes',
        'https://gitlab.example/p', 1, ${new Date(first)}::timestamptz + n * interval '15 minutes'
      FROM generate_series(1, 600) n`;
    const test = await tdb.db.testCase.create({ data: { serviceId: busy, suite: "test", classname: "tests.busy", name: "test_busy" } });
    await tdb.db.$executeRaw`
      INSERT INTO test_result (test_case_id, pipeline_id, status, duration_ms) SELECT ${test.id}, 10000 + n, 0, n FROM generate_series(1, 600) n`;
  });

  it("reads durations from a sample spread over the period, and thins the test count to the chart's size", async () => {
    const busy = await getServiceTests(tdb.db, { service: "executor", period: 7 }, { now: NOW });
    expect(busy?.durationSample).toMatchObject({ pipelines: SAMPLE_PIPELINES, previousPipelines: 0 });
    // The last of each of 20 slices of 30 pipelines: 30, 60, …, 600, whose median is 315.
    expect(busy?.slowest[0]).toMatchObject({ name: "test_busy", p50Ms: 315, runs: SAMPLE_PIPELINES });
    expect(busy?.reportedPipelines).toBe(600);
    const trend = busy?.trend ?? [];
    expect(trend.length).toBeLessThanOrEqual(TREND_POINTS);
    expect(trend.length).toBeGreaterThan(TREND_POINTS / 2);
    expect(trend.at(-1)?.pipelineId).toBe(10_600);
  });
});
