import "server-only";
import type { Db } from "@/lib/platform/db/client";
import { flipRate, testFlakeStats, type TestRun } from "@/lib/domain/metrics/test-flakes";
import { percentile } from "@/lib/domain/metrics/percentile";
import { refKindLabel } from "@/lib/domain/pipeline/refs";
import type { RefKind } from "@/lib/platform/db/generated/client";
import { isTestFailure, TEST_STATUS, testStatusName } from "@/lib/domain/tests";
import type { TestFailureRow, TestPageData, TestRunPoint } from "./types";

/**
 * Results read per test page: the kept history of one test, newest first. Both sides come from index
 * ranges alone: test_result's key (case, pipeline, status, duration) and pipeline_test_history_cover
 * of the test's service, merged by pipeline id.
 */
const MAX_RESULTS = 5_000;
const STRIP = 60;
const LISTED_FAILURES = 30;
const FIRST_LINES = 6;

/** A test id as the URL gives it: digits only. */
export function parseTestId(raw: string): number | null {
  if (!/^\d{1,9}$/.test(raw)) return null;
  const id = Number(raw);
  return id > 0 ? id : null;
}

interface ResultRow {
  pipeline_id: bigint;
  status: number;
  duration_ms: number;
  iid: number;
  sha: string;
  ref_kind: RefKind;
  created_at: Date;
}

interface FailureRow {
  pipeline_id: bigint;
  iid: number;
  ref: string;
  ref_kind: RefKind;
  created_at: Date;
  message: string;
  status: number | null;
}

function failureRow(r: FailureRow): TestFailureRow {
  return {
    pipelineId: Number(r.pipeline_id),
    iid: r.iid,
    ref: r.ref,
    refKind: refKindLabel(r.ref_kind),
    createdAt: r.created_at.toISOString(),
    status: r.status === TEST_STATUS.success ? "passed on retry" : testStatusName(r.status ?? TEST_STATUS.failed),
    firstLines: r.message.split("\n").slice(0, FIRST_LINES).join("\n"),
  };
}

/** Everything one test's page shows, from its own index ranges: its results and its failures. */
export async function getTestPage(db: Db, id: number): Promise<TestPageData | null> {
  const test = await db.testCase.findUnique({ where: { id }, include: { service: { select: { name: true } } } });
  if (!test) return null;
  const [results, failures, [first]] = await Promise.all([
    db.$queryRaw<ResultRow[]>`
      SELECT r.pipeline_id, r.status, r.duration_ms, p.iid, p.sha, p.ref_kind, p.created_at
      FROM test_result r JOIN pipeline p ON p.id = r.pipeline_id AND p.service_id = ${test.serviceId}
      WHERE r.test_case_id = ${id}
      ORDER BY r.pipeline_id DESC LIMIT ${MAX_RESULTS}`,
    db.$queryRaw<FailureRow[]>`
      SELECT f.pipeline_id, p.iid, p.ref, p.ref_kind, p.created_at, left(f.message, 1000) AS message, r.status
      FROM test_failure f JOIN pipeline p ON p.id = f.pipeline_id
      LEFT JOIN test_result r ON r.test_case_id = f.test_case_id AND r.pipeline_id = f.pipeline_id
      WHERE f.test_case_id = ${id}
      ORDER BY f.pipeline_id DESC LIMIT ${LISTED_FAILURES}`,
    db.$queryRaw<FailureRow[]>`
      SELECT f.pipeline_id, p.iid, p.ref, p.ref_kind, p.created_at, left(f.message, 1000) AS message, r.status
      FROM test_failure f JOIN pipeline p ON p.id = f.pipeline_id
      LEFT JOIN test_result r ON r.test_case_id = f.test_case_id AND r.pipeline_id = f.pipeline_id
      WHERE f.test_case_id = ${id}
      ORDER BY f.pipeline_id ASC LIMIT 1`,
  ]);

  const failedEarlier = new Set(failures.map((f) => Number(f.pipeline_id)));
  const runs: TestRun[] = results.map((r) => ({
    pipelineId: Number(r.pipeline_id),
    sha: r.sha,
    status: r.status,
    failedEarlier: failedEarlier.has(Number(r.pipeline_id)),
  }));
  const main = results.filter((r) => r.ref_kind === "MAIN");
  const mainOldestFirst = [...main].reverse();
  const strip: TestRunPoint[] = mainOldestFirst.slice(-STRIP).map((r) => ({
    pipelineId: Number(r.pipeline_id),
    iid: r.iid,
    status: testStatusName(r.status),
    durationMs: r.duration_ms,
    createdAt: r.created_at.toISOString(),
  }));

  const byDay = new Map<string, number[]>();
  for (const r of results) {
    if (r.status === TEST_STATUS.skipped) continue;
    const day = r.created_at.toISOString().slice(0, 10);
    const list = byDay.get(day) ?? [];
    list.push(r.duration_ms);
    byDay.set(day, list);
  }
  const durationTrend = [...byDay]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, ms]) => ({ day, p50Ms: Math.round(percentile(ms, 0.5) ?? 0), runs: ms.length }));

  return {
    generatedAt: new Date().toISOString(),
    test: { id: test.id, service: test.service.name, suite: test.suite, classname: test.classname, name: test.name, file: test.file },
    mainStrip: strip,
    durationTrend,
    firstFailure: first ? failureRow(first) : null,
    failures: failures.map(failureRow),
    flakes: { ...testFlakeStats(runs), mainFlipRate: flipRate(mainOldestFirst.map((r) => r.status)) },
    runs: results.length,
    failedRuns: results.filter((r) => isTestFailure(r.status)).length,
  };
}
