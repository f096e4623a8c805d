import { TEST_REPORT_DUE, TEST_REPORT_MAX_ATTEMPTS } from "@/lib/domain/test-reports-sql";
import { isTestFailure, testStatusCode, truncateFailure } from "@/lib/domain/tests";
import { Prisma, type Db } from "@/lib/platform/db/client";
import { isUniqueViolation } from "@/lib/platform/db/errors";
import type { GitlabTestReport } from "@/lib/upstream/gitlab/test-report";

/*
 * A pipeline's test report into test_case (the dimension), test_result (one narrow row per case
 * and pipeline) and test_failure (the truncated text of failures only), in one set-based statement
 * per report (unnest arrays). A pipeline's first report goes in with plain inserts: ON CONFLICT's
 * speculative insertion costs a third of the ingest rate, and results are only ever written together
 * with the pipeline's test_report_for, so a pipeline without one has none. Reading it again (a
 * retried job's new report) replaces its results and keeps the earlier failure text (a retry flake,
 * lib/domain/metrics/test-flakes.ts). test_result's key carries status and duration (schema.prisma),
 * so replacing, not updating in place, is what keeps one row per case and pipeline.
 */

/** Pipelines whose report is due, and how many more wait beyond this cycle's budget. */
export interface DueReports {
  /** `firstRead`: no report of the pipeline was ever stored, so none of its results exist yet. */
  pipelines: { id: number; updatedAt: Date; firstRead: boolean }[];
  waiting: number;
}

/**
 * Finished pipelines whose test report was not read for their current version: main and
 * merge-request pipelines first (what people look at), then newest first.
 */
export async function pipelinesDueForTestReport(db: Db, serviceId: number, limit: number): Promise<DueReports> {
  const rows = await db.$queryRaw<{ id: bigint; updated_at: Date; first_read: boolean; waiting: bigint }[]>`
    SELECT id, updated_at, test_report_for IS NULL AS first_read, count(*) OVER () AS waiting
    FROM pipeline
    WHERE service_id = ${serviceId} AND ${TEST_REPORT_DUE}
    ORDER BY (ref_kind IN ('MAIN', 'MERGE_REQUEST')) DESC, id DESC
    LIMIT ${Number.isFinite(limit) ? limit : null}`;
  return {
    pipelines: rows.map((r) => ({ id: Number(r.id), updatedAt: r.updated_at, firstRead: r.first_read })),
    waiting: Number(rows[0]?.waiting ?? 0),
  };
}

/** Finished pipelines of a service whose test report is still to be read (the sync state's "catching up"). */
export async function testReportsWaiting(db: Db, serviceId: number): Promise<number> {
  const [row] = await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM pipeline
    WHERE service_id = ${serviceId} AND ${TEST_REPORT_DUE}`;
  return Number(row?.n ?? 0);
}

/** The report's cases as column arrays, one entry per distinct (suite, classname, name). */
export interface TestColumns {
  suites: string[];
  classnames: string[];
  names: string[];
  files: (string | null)[];
  statuses: number[];
  durations: number[];
  /** Failure text per failed case: the stack trace, else the output; null for others. */
  failures: (string | null)[];
}

/** GitLab's report as column arrays; a case listed twice (re-run plugins) keeps its first outcome. */
export function testColumns(report: GitlabTestReport): TestColumns {
  const cols: TestColumns = { suites: [], classnames: [], names: [], files: [], statuses: [], durations: [], failures: [] };
  const seen = new Set<string>();
  for (const suite of report.test_suites) {
    for (const c of suite.test_cases) {
      const classname = c.classname ?? "";
      const key = `${suite.name}\u0000${classname}\u0000${c.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const status = testStatusCode(c.status);
      cols.suites.push(suite.name);
      cols.classnames.push(classname);
      cols.names.push(c.name);
      cols.files.push(c.file ?? null);
      cols.statuses.push(status);
      // Whole milliseconds fit an int for any test shorter than 24 days.
      cols.durations.push(Math.min(2_000_000_000, Math.round((c.execution_time ?? 0) * 1000)));
      const text = c.stack_trace ?? c.system_output;
      cols.failures.push(isTestFailure(status) ? truncateFailure(text ?? "(no failure text in the report)") : null);
    }
  }
  return cols;
}

export interface StoredReport {
  pipelineId: number;
  /** The pipeline's updated_at the report was read for. */
  readFor: Date;
  report: GitlabTestReport;
  /** No report of the pipeline was stored before (its test_report_for is null): plain inserts will do. */
  firstRead?: boolean;
}

/*
 * Case ids by (suite, classname, name), per database and service: a service's tests barely change
 * from one pipeline to the next, so after its first report the results go in by id alone, with no
 * text join in SQL. Per Db object, since every test database numbers its services from 1.
 */
const caseIdCache = new WeakMap<Db, Map<number, Map<string, number>>>();
const caseKey = (suite: string, classname: string, name: string) => `${suite}\u0000${classname}\u0000${name}`;

function cachedCases(db: Db, serviceId: number): Map<string, number> {
  let byService = caseIdCache.get(db);
  if (!byService) caseIdCache.set(db, (byService = new Map()));
  let cases = byService.get(serviceId);
  if (!cases) byService.set(serviceId, (cases = new Map()));
  return cases;
}

/** The ids of the report's cases, adding the ones the service has not had yet. */
async function caseIds(db: Db, serviceId: number, c: TestColumns): Promise<number[]> {
  const cache = cachedCases(db, serviceId);
  const keys = c.names.map((name, i) => caseKey(c.suites[i] ?? "", c.classnames[i] ?? "", name));
  const missing = keys.flatMap((key, i) => (cache.has(key) ? [] : [i]));
  if (missing.length > 0) {
    const pick = <T,>(values: T[]) => missing.map((i) => values[i] as T);
    // New ones come back from the insert; ones another cycle added (not cached here) from the lookup.
    // One statement sees one snapshot, so the two halves never overlap.
    const rows = await db.$queryRaw<{ id: number; suite: string; classname: string; name: string }[]>`
      WITH input AS (
        SELECT * FROM unnest(${pick(c.suites)}::text[], ${pick(c.classnames)}::text[], ${pick(c.names)}::text[], ${pick(c.files)}::text[])
          AS u(suite, classname, name, file)
      ),
      added AS (
        INSERT INTO test_case (service_id, suite, classname, name, file)
        SELECT ${serviceId}, suite, classname, name, file FROM input
        ON CONFLICT (service_id, suite, classname, name) DO NOTHING
        RETURNING id, suite, classname, name
      )
      SELECT id, suite, classname, name FROM added
      UNION ALL
      SELECT t.id, t.suite, t.classname, t.name FROM test_case t
      JOIN input i ON t.service_id = ${serviceId} AND t.suite = i.suite AND t.classname = i.classname AND t.name = i.name`;
    for (const row of rows) cache.set(caseKey(row.suite, row.classname, row.name), row.id);
  }
  return keys.map((key) => {
    const id = cache.get(key);
    if (id === undefined) throw new Error(`test case ${key.replaceAll("\u0000", " / ")} was not stored`);
    return id;
  });
}

/**
 * Stores one pipeline's report; returns the number of results in it. Calls for one service must not
 * overlap (the sync stores a service's reports one after another): a case added by one call is
 * committed before the next looks it up.
 */
export async function storeTestReport(db: Db, serviceId: number, { pipelineId, readFor, report, firstRead = false }: StoredReport): Promise<number> {
  const c = testColumns(report);
  const ids = await caseIds(db, serviceId, c);
  const failed = c.failures.flatMap((text, i) => (text === null ? [] : [i]));
  const pid = String(pipelineId);
  const results = Prisma.sql`INSERT INTO test_result (test_case_id, pipeline_id, status, duration_ms)
    SELECT id, ${pid}::bigint, status, duration_ms
    FROM unnest(${ids}::int[], ${c.statuses}::smallint[], ${c.durations}::int[]) AS u(id, status, duration_ms)`;
  const failures = Prisma.sql`INSERT INTO test_failure (pipeline_id, test_case_id, message)
    SELECT ${pid}::bigint, id, message
    FROM unnest(${failed.map((i) => ids[i] as number)}::int[], ${failed.map((i) => c.failures[i] as string)}::text[]) AS u(id, message)`;
  const counts = Prisma.sql`UPDATE pipeline SET tests_total = ${report.total_count}, tests_failed = ${report.failed_count},
    tests_skipped = ${report.skipped_count}, tests_errored = ${report.error_count},
    test_report_for = ${readFor}, test_report_error = NULL, test_report_attempts = 0
    WHERE id = ${pid}::bigint`;
  if (firstRead) {
    try {
      await db.$executeRaw`WITH results AS (${results}), failures AS (${failures}) ${counts}`;
      return ids.length;
    } catch (error) {
      // Results there after all (written since the pipeline was picked): replaced below.
      if (!isUniqueViolation(error)) throw error;
    }
  }
  await db.$transaction([
    db.$executeRaw`DELETE FROM test_result WHERE test_case_id = ANY(${ids}::int[]) AND pipeline_id = ${pid}::bigint`,
    db.$executeRaw`WITH results AS (${results}),
      failures AS (${failures} ON CONFLICT (pipeline_id, test_case_id) DO UPDATE SET message = EXCLUDED.message
        WHERE test_failure.message IS DISTINCT FROM EXCLUDED.message)
      ${counts}`,
  ]);
  return ids.length;
}

/**
 * A report that could not be stored: the reason is kept on the pipeline. A cut-off or malformed one
 * is asked again on later cycles, up to TEST_REPORT_MAX_ATTEMPTS reads of the version; one too large
 * (`final`) is not asked again until GitLab's pipeline changes. Counts already stored stay.
 */
export async function recordTestReportError(db: Db, pipelineId: number, readFor: Date, message: string, final = false): Promise<void> {
  await db.$executeRaw`
    UPDATE pipeline SET test_report_error = ${message.slice(0, 500)},
      test_report_attempts = CASE WHEN ${final} THEN ${TEST_REPORT_MAX_ATTEMPTS}
        WHEN test_report_for IS NOT DISTINCT FROM ${readFor} THEN LEAST(test_report_attempts + 1, 32767) ELSE 1 END,
      test_report_for = ${readFor}
    WHERE id = ${String(pipelineId)}::bigint`;
}

/** A pipeline GitLab no longer has: no tests, nothing to ask for again. */
export async function recordNoTestReport(db: Db, pipelineId: number, readFor: Date): Promise<void> {
  await db.$executeRaw`
    UPDATE pipeline SET tests_total = COALESCE(tests_total, 0), tests_failed = COALESCE(tests_failed, 0),
      tests_skipped = COALESCE(tests_skipped, 0), tests_errored = COALESCE(tests_errored, 0),
      test_report_for = ${readFor}, test_report_error = NULL, test_report_attempts = 0
    WHERE id = ${String(pipelineId)}::bigint`;
}

/**
 * Deletes a service's test results of pipelines created before `cutoff` (TEST_RESULTS_DAYS). GitLab
 * ids grow with creation time, so "before the first pipeline since the cutoff" is one index range per
 * test case; with nothing to delete it costs one probe per case.
 */
export async function pruneTestResults(db: Db, serviceId: number, cutoff: Date): Promise<number> {
  const [row] = await db.$queryRaw<{ first: bigint | null }[]>`
    SELECT min(id) AS first FROM pipeline WHERE service_id = ${serviceId} AND created_at >= ${cutoff}`;
  // No pipeline since the cutoff: every stored result is older.
  const before = row?.first === null || row?.first === undefined ? "9223372036854775807" : String(row.first);
  const deleted = await db.$executeRaw`
    DELETE FROM test_result r USING test_case c
    WHERE c.service_id = ${serviceId} AND r.test_case_id = c.id AND r.pipeline_id < ${before}::bigint`;
  await db.$executeRaw`
    DELETE FROM test_failure f USING pipeline p
    WHERE p.id = f.pipeline_id AND p.service_id = ${serviceId} AND p.id < ${before}::bigint`;
  return deleted;
}

/** A pipeline deleted upstream takes its test results along (test_result has no foreign key to it). */
export async function deletePipelineTestResults(db: Db, serviceId: number, pipelineId: number): Promise<void> {
  await db.$executeRaw`
    DELETE FROM test_result r USING test_case c
    WHERE c.service_id = ${serviceId} AND r.test_case_id = c.id AND r.pipeline_id = ${String(pipelineId)}::bigint`;
}

