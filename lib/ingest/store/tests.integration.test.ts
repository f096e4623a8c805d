import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GitlabTestReport } from "@/lib/upstream/gitlab/test-report";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { storeTestReport } from "./tests";

/* The write path of one pipeline's report: plain inserts on a first read, the upsert when results exist. */

let tdb: TestDatabase;
let serviceId: number;
const AT = new Date("2026-06-01T12:00:00.000Z");

function report(statuses: Record<string, "success" | "failed">): GitlabTestReport {
  const cases = Object.entries(statuses).map(([name, status]) => ({
    status,
    name,
    classname: "tests.unit.test_api",
    file: "tests/unit/test_api.py",
    execution_time: 0.5,
    system_output: null,
    stack_trace: status === "failed" ? "E   assert 500 == 200" : null,
  }));
  const failed = cases.filter((c) => c.status === "failed").length;
  const counts = { total_count: cases.length, success_count: cases.length - failed, failed_count: failed, skipped_count: 0, error_count: 0 };
  return { total_time: 1, ...counts, test_suites: [{ name: "pytest", total_time: 1, ...counts, suite_error: null, test_cases: cases }] };
}

const results = () =>
  tdb.db.$queryRaw<{ name: string; status: number }[]>`
    SELECT c.name, r.status FROM test_result r JOIN test_case c ON c.id = r.test_case_id WHERE r.pipeline_id = 501 ORDER BY c.name`;

beforeAll(async () => {
  tdb = await createTestDatabase();
  serviceId = (await tdb.db.service.create({ data: { name: "server", projectRef: "cwiq/server" } })).id;
  await tdb.db.$executeRaw`
    INSERT INTO pipeline (id, iid, service_id, ref, ref_kind, sha, source, status, created_at, updated_at, web_url)
    VALUES (501, 1, ${serviceId}, 'main', 'MAIN'::"RefKind", 'a1', 'push', 'failed', ${AT}, ${AT}, 'https://gitlab.example/p/501')`;
});
afterAll(() => tdb.drop());

describe("storeTestReport", () => {
  it("stores a first read's results and failure text, and takes a re-read marked first through the upsert", async () => {
    expect(await storeTestReport(tdb.db, serviceId, { pipelineId: 501, readFor: AT, report: report({ test_a: "failed", test_b: "success" }), firstRead: true })).toBe(2);
    expect(await results()).toEqual([
      { name: "test_a", status: 1 },
      { name: "test_b", status: 0 },
    ]);
    // Claimed first again, though its results exist (the pipeline was picked before another store).
    const later = new Date(AT.getTime() + 60_000);
    expect(await storeTestReport(tdb.db, serviceId, { pipelineId: 501, readFor: later, report: report({ test_a: "success", test_b: "success" }), firstRead: true })).toBe(2);
    expect(await results()).toEqual([
      { name: "test_a", status: 0 },
      { name: "test_b", status: 0 },
    ]);
    // The failure text of the first attempt stays: that is how a retry flake is seen.
    expect(await tdb.db.testFailure.count({ where: { pipelineId: 501n } })).toBe(1);
    const pipeline = await tdb.db.pipeline.findUniqueOrThrow({ where: { id: 501n } });
    expect(pipeline).toMatchObject({ testsTotal: 2, testsFailed: 0, testReportFor: later });
  });
});
