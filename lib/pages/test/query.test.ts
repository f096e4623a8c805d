import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeTestReport } from "@/lib/ingest/store/tests";
import type { GitlabTestReport } from "@/lib/upstream/gitlab/test-report";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { loadPipelineTests } from "../pipelines/tests";
import { testsCsv } from "../tests/csv";
import { getTestRows, getTestsPage } from "../tests/query";
import { getTestPage } from "./query";

/*
 * The new-failure and flake rules on a hand-built history, stored through the sync's own write path:
 *   main:    #1 sha a  T passes      #2 sha b  T fails (new)    #3 sha c  T fails (since #2)
 *            #4 sha c  T passes (commit c failed and passed T: a flake)      #5 sha d  T fails (new again)
 *            #6 sha f  T fails, then the retried job passes it (a flake in one pipeline)
 *   feature: #7 sha e  T fails (new on that ref)
 * U fails in #2 and #3 on their own commits and never passes on them: broken, not flaky.
 */

const HOUR = 3_600_000;
const T = "test_rejects_expired_token";
const U = "test_lists_runners";

let tdb: TestDatabase;
let serviceId: number;

function report(results: Record<string, "success" | "failed">): GitlabTestReport {
  const cases = Object.entries(results).map(([name, status]) => ({
    status,
    name,
    classname: "tests.unit.test_auth.TestToken",
    file: "tests/unit/test_auth.py",
    execution_time: 0.25,
    system_output: null,
    stack_trace: status === "failed" ? `def ${name}():\n>       assert 500 == 200\nE       assert 500 == 200\n\ntests/unit/test_auth.py:42: AssertionError` : null,
  }));
  const failed = cases.filter((c) => c.status === "failed").length;
  return {
    total_time: 1,
    total_count: cases.length,
    success_count: cases.length - failed,
    failed_count: failed,
    skipped_count: 0,
    error_count: 0,
    test_suites: [{ name: "test", total_time: 1, total_count: cases.length, success_count: cases.length - failed, failed_count: failed, skipped_count: 0, error_count: 0, suite_error: null, test_cases: cases }],
  };
}

const start = Date.now() - 48 * HOUR;
const pipelines = [
  { id: 101, ref: "main", kind: "MAIN", sha: "a", tests: { [T]: "success", [U]: "success" } },
  { id: 102, ref: "main", kind: "MAIN", sha: "b", tests: { [T]: "failed", [U]: "failed" } },
  { id: 103, ref: "main", kind: "MAIN", sha: "c", tests: { [T]: "failed", [U]: "failed" } },
  { id: 104, ref: "main", kind: "MAIN", sha: "c", tests: { [T]: "success", [U]: "failed" } },
  { id: 105, ref: "main", kind: "MAIN", sha: "d", tests: { [T]: "failed", [U]: "success" } },
  { id: 106, ref: "main", kind: "MAIN", sha: "f", tests: { [T]: "failed", [U]: "success" } },
  { id: 107, ref: "feature", kind: "BRANCH", sha: "e", tests: { [T]: "failed", [U]: "success" } },
] as const;

async function addPipeline(p: (typeof pipelines)[number], i: number) {
  const at = new Date(start + i * HOUR);
  await tdb.db.$executeRaw`
    INSERT INTO pipeline (id, iid, service_id, ref, ref_kind, sha, source, status, created_at, updated_at, web_url)
    VALUES (${p.id}, ${p.id - 100}, ${serviceId}, ${p.ref}, ${p.kind}::"RefKind", ${p.sha}, 'push', 'failed', ${at}, ${at}, 'https://gitlab.example/p')`;
  await tdb.db.$executeRaw`
    INSERT INTO job (id, pipeline_id, service_id, stage, name, status, allow_failure, created_at, web_url)
    VALUES (${p.id * 10}, ${p.id}, ${serviceId}, 'test', 'test', 'failed', false, ${at}, ${`https://gitlab.example/-/jobs/${p.id * 10}`})`;
  await storeTestReport(tdb.db, serviceId, { pipelineId: p.id, readFor: at, report: report(p.tests) });
}

const testsOf = async (id: number) => {
  const p = await tdb.db.pipeline.findUniqueOrThrow({ where: { id: BigInt(id) } });
  const loaded = await loadPipelineTests(tdb.db, p, []);
  return new Map(loaded.suites.flatMap((s) => s.tests).map((t) => [t.name, t]));
};

beforeAll(async () => {
  tdb = await createTestDatabase();
  serviceId = (await tdb.db.service.create({ data: { name: "iam-api", projectRef: "cwiq/iam-api" } })).id;
  for (const [i, p] of pipelines.entries()) await addPipeline(p, i);
  // #6's test job was retried and the retry passed T: the report read again says success.
  const p6 = pipelines[5];
  await storeTestReport(tdb.db, serviceId, { pipelineId: p6.id, readFor: new Date(start + 6 * HOUR), report: report({ [T]: "success", [U]: "success" }) });
});

afterAll(async () => {
  await tdb?.drop();
});

describe("a pipeline's failed tests", () => {
  it("calls a test's first failure on a ref new, and a later one failing since the first", async () => {
    expect((await testsOf(102)).get(T)?.since).toBeNull();
    expect((await testsOf(103)).get(T)?.since).toEqual({ pipelineId: 102, iid: 2 });
    // #4 passed it again, so #5's failure starts a new streak.
    expect((await testsOf(105)).get(T)?.since).toBeNull();
    // Main's failures do not make a feature branch's first failure old.
    expect((await testsOf(107)).get(T)?.since).toBeNull();
    // U: failing since #2 through #4.
    expect((await testsOf(104)).get(U)?.since).toEqual({ pipelineId: 102, iid: 2 });
  });

  it("marks a test flaky when one commit failed and passed it, and not a test that only broke", async () => {
    const p3 = await testsOf(103);
    expect(p3.get(T)?.flaky).toBe(true);
    expect(p3.get(U)?.flaky).toBe(false);
  });

  it("shows a failure a retried job then passed as passed on retry, with the failure's first lines and the job log", async () => {
    const t = (await testsOf(106)).get(T);
    expect(t).toMatchObject({ status: "passed on retry", flaky: true, jobWebUrl: "https://gitlab.example/-/jobs/1060" });
    expect(t?.firstLines.split("\n")[1]).toBe(">       assert 500 == 200");
  });

  it("groups failures by suite and counts them", async () => {
    const p = await tdb.db.pipeline.findUniqueOrThrow({ where: { id: 103n } });
    const loaded = await loadPipelineTests(tdb.db, p, []);
    expect(loaded.failedTotal).toBe(2);
    expect(loaded.suites.map((s) => [s.suite, s.tests.map((t) => t.name)])).toEqual([["test", [U, T]]]);
  });
});

describe("one test's page", () => {
  it("has its main strip, failures, first failure and the flake rule's counts", async () => {
    const id = (await tdb.db.testCase.findFirstOrThrow({ where: { name: T } })).id;
    const page = await getTestPage(tdb.db, id);
    if (!page) throw new Error("no page");
    expect(page.mainStrip.map((r) => [r.iid, r.status])).toEqual([
      [1, "success"], [2, "failed"], [3, "failed"], [4, "success"], [5, "failed"], [6, "success"],
    ]);
    expect(page.runs).toBe(7);
    expect(page.failedRuns).toBe(4);
    // Commits c (#3 failed, #4 passed) and f (#6 failed, then passed on retry); e, b, d only failed; a only passed.
    expect(page.flakes).toMatchObject({ commits: 6, flakyCommits: 2 });
    // Main outcomes pass, fail, fail, pass, fail, pass: four changes in five steps.
    expect(page.flakes.mainFlipRate).toBeCloseTo(4 / 5);
    expect(page.firstFailure).toMatchObject({ pipelineId: 102, iid: 2, ref: "main" });
    expect(page.failures.map((f) => [f.iid, f.status])).toEqual([
      [7, "failed"], [6, "passed on retry"], [5, "failed"], [3, "failed"], [2, "failed"],
    ]);
    expect(await getTestPage(tdb.db, 999_999)).toBeNull();
  });
});

describe("/tests' lists", () => {
  it("lists the period's failing tests by failures, the flaky ones by the same rule, and finds tests by name", async () => {
    const failing = await getTestRows(tdb.db, { view: "failing", period: 7 }, 50);
    // T failed in #2, #3, #5, #6 (before the retry) and #7; U in #2, #3 and #4.
    expect(failing.rows.map((r) => [r.name, r.failures, r.flakyCommits])).toEqual([
      [T, 5, 2],
      [U, 3, 0],
    ]);
    expect(failing.rows[0]?.lastFailedPipelineId).toBe(107);
    const flaky = await getTestRows(tdb.db, { view: "flaky", period: 7 }, 50);
    expect(flaky.rows.map((r) => r.name)).toEqual([T]);
    const found = await getTestRows(tdb.db, { view: "all", period: 7, q: "EXPIRED" }, 50);
    expect(found.rows.map((r) => r.name)).toEqual([T]);
    // LIKE's wildcards in a search are plain characters.
    expect((await getTestRows(tdb.db, { view: "all", period: 7, q: "%" }, 50)).rows).toEqual([]);
    expect((await getTestRows(tdb.db, { view: "all", period: 7, service: "other" }, 50)).rows).toEqual([]);
    const limited = await getTestRows(tdb.db, { view: "all", period: 7 }, 1);
    expect(limited.truncated).toBe(true);
  });

  it("shows a viewer only the tests of the services they may see", async () => {
    const all = await getTestRows(tdb.db, { view: "failing", period: 7 }, 50);
    const service = all.rows[0]?.service ?? "";
    expect((await getTestRows(tdb.db, { view: "failing", period: 7 }, 50, [service])).rows).toEqual(all.rows);
    expect((await getTestRows(tdb.db, { view: "failing", period: 7 }, 50, ["someone-else"])).rows).toEqual([]);
    const page = await getTestsPage(tdb.db, { view: "all", period: 7 }, ["someone-else"]);
    expect(page).toMatchObject({ rows: [], services: [], suites: [] });
  });

  it("exports the rows as CSV", async () => {
    const { rows } = await getTestRows(tdb.db, { view: "flaky", period: 7 }, 50);
    const lines = testsCsv(rows).split("\r\n");
    expect(lines[0]).toBe("service,suite,classname,name,failures,flaky_commits,last_failed_at,last_failed_pipeline,test_id");
    expect(lines[1]).toMatch(new RegExp(`^iam-api,test,tests.unit.test_auth.TestToken,${T},5,2,`));
  });
});
