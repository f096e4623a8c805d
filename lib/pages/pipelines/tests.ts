import "server-only";
import { Prisma, type Db } from "@/lib/platform/db/client";
import { flakyTestCommits } from "@/lib/domain/metrics/test-flakes-sql";
import { DAY_MS } from "@/lib/domain/time";
import { TEST_STATUS, testStatusName } from "@/lib/domain/tests";
import type { PipelineFailedTest, PipelineTests } from "./types";

/** Failed tests listed on a pipeline page; a run with more says how many it left out. */
const MAX_FAILED = 100;
/** Lines of the failure text shown under each test. */
const FIRST_LINES = 6;
/** A test counts as flaky on the page when the rule caught it on this service this recently. */
const FLAKY_WINDOW_DAYS = 30;

interface FailureRow {
  test_case_id: number;
  pipeline_id: bigint;
  suite: string;
  classname: string;
  name: string;
  file: string | null;
  message: string;
  status: number | null;
  total: bigint;
  since_id: bigint | null;
  since_iid: number | null;
  job_url: string | null;
}

/**
 * The failed tests of a run (and of the child pipelines it started), grouped by suite, with the
 * failure's first lines, whether it is new on the ref or failing since an earlier pipeline, the flake
 * rule's mark, and the job whose log has it. A test whose retried job passed it shows as "passed on retry".
 */
export async function loadPipelineTests(
  db: Db,
  pipeline: { id: bigint; serviceId: number; ref: string; testReportError: string | null },
  childIds: readonly bigint[],
): Promise<PipelineTests> {
  const ids = [pipeline.id, ...childIds].map(String);
  const rows = await db.$queryRaw<FailureRow[]>`
    SELECT f.test_case_id, f.pipeline_id, c.suite, c.classname, c.name, c.file, left(f.message, 1200) AS message, r.status,
      count(*) OVER () AS total, since.id AS since_id, since.iid AS since_iid, job.web_url AS job_url
    FROM test_failure f
    JOIN test_case c ON c.id = f.test_case_id
    JOIN pipeline fp ON fp.id = f.pipeline_id
    LEFT JOIN test_result r ON r.test_case_id = f.test_case_id AND r.pipeline_id = f.pipeline_id
    -- The last pass of the test on this ref before the run; the first failure after it began the streak.
    LEFT JOIN LATERAL (
      SELECT max(r2.pipeline_id) AS id FROM test_result r2 JOIN pipeline q ON q.id = r2.pipeline_id
      WHERE r2.test_case_id = f.test_case_id AND r2.pipeline_id < f.pipeline_id AND q.ref = fp.ref AND r2.status = ${TEST_STATUS.success}
    ) last_pass ON true
    LEFT JOIN LATERAL (
      SELECT q.id, q.iid FROM test_result r3 JOIN pipeline q ON q.id = r3.pipeline_id
      WHERE r3.test_case_id = f.test_case_id AND r3.pipeline_id > COALESCE(last_pass.id, 0) AND r3.pipeline_id < f.pipeline_id
        AND q.ref = fp.ref AND r3.status IN (${TEST_STATUS.failed}, ${TEST_STATUS.error})
      ORDER BY r3.pipeline_id LIMIT 1
    ) since ON true
    -- The job that ran the suite: GitLab names a suite after its job (parallel jobs after their group).
    LEFT JOIN LATERAL (
      SELECT j.web_url FROM job j
      WHERE j.pipeline_id = f.pipeline_id AND (j.name = c.suite OR j.name LIKE c.suite || ' %')
      ORDER BY j.retried, (j.status = 'failed') DESC, j.id DESC LIMIT 1
    ) job ON true
    WHERE f.pipeline_id = ANY(${ids}::bigint[])
    ORDER BY c.suite, c.classname, c.name
    LIMIT ${MAX_FAILED}`;

  const caseIds = [...new Set(rows.map((r) => r.test_case_id))];
  const flaky = caseIds.length === 0 ? new Set<number>() : await flakyCases(db, pipeline.serviceId, caseIds);
  const suites = new Map<string, PipelineFailedTest[]>();
  for (const row of rows) {
    const list = suites.get(row.suite) ?? [];
    list.push({
      testId: row.test_case_id,
      pipelineId: Number(row.pipeline_id),
      classname: row.classname,
      name: row.name,
      file: row.file,
      status: row.status === null ? "failed" : row.status === TEST_STATUS.success ? "passed on retry" : testStatusName(row.status),
      firstLines: row.message.split("\n").slice(0, FIRST_LINES).join("\n"),
      since: row.since_id === null ? null : { pipelineId: Number(row.since_id), iid: row.since_iid ?? 0 },
      flaky: flaky.has(row.test_case_id),
      jobWebUrl: row.job_url,
    });
    suites.set(row.suite, list);
  }
  const total = Number(rows[0]?.total ?? 0);
  return {
    reportError: pipeline.testReportError,
    failedTotal: total,
    suites: [...suites].map(([suite, tests]) => ({ suite, tests })),
  };
}

async function flakyCases(db: Db, serviceId: number, caseIds: readonly number[]): Promise<Set<number>> {
  const since = new Date(Date.now() - FLAKY_WINDOW_DAYS * DAY_MS);
  const rows = await db.$queryRaw<{ test_case_id: number }[]>`
    SELECT DISTINCT test_case_id FROM (${flakyTestCommits(
      Prisma.sql`f.test_case_id = ANY(${[...caseIds]}::int[]) AND p.service_id = ${serviceId} AND p.created_at >= ${since}`,
    )}) flakes`;
  return new Set(rows.map((r) => r.test_case_id));
}
