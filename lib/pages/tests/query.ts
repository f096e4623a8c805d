import "server-only";
import { Prisma, type Db } from "@/lib/platform/db/client";
import { flakyTestCommits } from "@/lib/domain/metrics/test-flakes-sql";
import { DAY_MS } from "@/lib/domain/time";
import type { TestsPageParams } from "./params";
import type { TestListRow, TestsPageData } from "./types";

/** Rows on the page; the CSV export takes up to EXPORT_LIMIT. */
export const PAGE_LIMIT = 100;
export const EXPORT_LIMIT = 10_000;

interface Row {
  id: number;
  service: string;
  suite: string;
  classname: string;
  name: string;
  failures: bigint | null;
  flaky: bigint | null;
  last_failed_at: Date | null;
  last_failed_pipeline: bigint | null;
}

/*
 * Tests across services from the small tables only: test_case (the names) and test_failure (the
 * failures, with their pipelines), never a scan of test_result's millions of rows.
 * - failing: the period's failures counted per test in one pass, the page's rows picked, and only
 *   then the flake rule for those rows (it probes the passes of each failure's commit);
 * - flaky: the flake rule over the period's failures as one set, counted per test;
 * - all: the matching tests, each with its counts.
 */
/** `within`: only these services (the viewer's scope; every service without it). */
export async function getTestRows(db: Db, params: TestsPageParams, limit: number, within?: readonly string[]): Promise<{ rows: TestListRow[]; truncated: boolean }> {
  const since = new Date(Date.now() - params.period * DAY_MS);
  const caseFilter = Prisma.join(
    [
      Prisma.sql`true`,
      ...(params.q ? [Prisma.sql`(c.name ILIKE ${`%${escapeLike(params.q)}%`} OR c.classname ILIKE ${`%${escapeLike(params.q)}%`})`] : []),
      ...(params.service ? [Prisma.sql`s.name = ${params.service}`] : []),
      ...(within ? [Prisma.sql`s.name = ANY(${[...within]}::text[])`] : []),
      ...(params.suite ? [Prisma.sql`c.suite = ${params.suite}`] : []),
    ],
    " AND ",
  );
  const failuresOf = (caseId: Prisma.Sql) => Prisma.sql`
    SELECT count(*) AS failures, max(p.created_at) AS last_failed_at, max(p.id) AS last_failed_pipeline
    FROM test_failure f JOIN pipeline p ON p.id = f.pipeline_id
    WHERE f.test_case_id = ${caseId} AND p.created_at >= ${since}`;
  const flakesOf = (caseId: Prisma.Sql) => Prisma.sql`
    SELECT count(*) AS flaky FROM (${flakyTestCommits(Prisma.sql`f.test_case_id = ${caseId} AND p.created_at >= ${since}`)}) x`;
  const names = Prisma.sql`s.name, c.suite, c.name`;
  // Every test's failures in the period, in one pass over the period's failure rows.
  const periodFailures = Prisma.sql`
    SELECT f.test_case_id, count(*) AS failures, max(p.created_at) AS last_failed_at, max(p.id) AS last_failed_pipeline
    FROM test_failure f JOIN pipeline p ON p.id = f.pipeline_id
    WHERE p.created_at >= ${since}
    GROUP BY f.test_case_id`;

  let rows: Row[];
  if (params.view === "failing") {
    rows = await db.$queryRaw<Row[]>`
      SELECT top.*, flakes.flaky
      FROM (
        SELECT c.id, s.name AS service, c.suite, c.classname, c.name, fails.failures, fails.last_failed_at, fails.last_failed_pipeline
        FROM (${periodFailures}) fails
        JOIN test_case c ON c.id = fails.test_case_id JOIN service s ON s.id = c.service_id
        WHERE ${caseFilter}
        ORDER BY fails.failures DESC, ${names}
        LIMIT ${limit + 1}
      ) top
      CROSS JOIN LATERAL (${flakesOf(Prisma.sql`top.id`)}) flakes
      ORDER BY top.failures DESC, top.service, top.suite, top.name`;
  } else if (params.view === "flaky") {
    rows = await db.$queryRaw<Row[]>`
      SELECT c.id, s.name AS service, c.suite, c.classname, c.name, fails.failures, flakes.flaky, fails.last_failed_at, fails.last_failed_pipeline
      FROM (
        SELECT test_case_id, count(*) AS flaky FROM (${flakyTestCommits(Prisma.sql`p.created_at >= ${since}`)}) x GROUP BY test_case_id
      ) flakes
      JOIN (${periodFailures}) fails ON fails.test_case_id = flakes.test_case_id
      JOIN test_case c ON c.id = flakes.test_case_id JOIN service s ON s.id = c.service_id
      WHERE ${caseFilter}
      ORDER BY flakes.flaky DESC, fails.failures DESC, ${names}
      LIMIT ${limit + 1}`;
  } else {
    rows = await db.$queryRaw<Row[]>`
      SELECT c.id, s.name AS service, c.suite, c.classname, c.name, fails.failures, flakes.flaky, fails.last_failed_at, fails.last_failed_pipeline
      FROM test_case c JOIN service s ON s.id = c.service_id
      CROSS JOIN LATERAL (${failuresOf(Prisma.sql`c.id`)}) fails
      CROSS JOIN LATERAL (${flakesOf(Prisma.sql`c.id`)}) flakes
      WHERE ${caseFilter}
      ORDER BY fails.failures DESC, ${names}
      LIMIT ${limit + 1}`;
  }
  return {
    truncated: rows.length > limit,
    rows: rows.slice(0, limit).map((r) => ({
      id: r.id,
      service: r.service,
      suite: r.suite,
      classname: r.classname,
      name: r.name,
      failures: Number(r.failures ?? 0),
      flakyCommits: Number(r.flaky ?? 0),
      lastFailedAt: r.last_failed_at?.toISOString() ?? null,
      lastFailedPipelineId: r.last_failed_pipeline === null ? null : Number(r.last_failed_pipeline),
    })),
  };
}

/** LIKE's own characters in a search are matched as themselves. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function getTestsPage(db: Db, params: TestsPageParams, within?: readonly string[]): Promise<TestsPageData> {
  const visible = within ? Prisma.sql`WHERE service_id IN (SELECT id FROM service WHERE name = ANY(${[...within]}::text[]))` : Prisma.empty;
  const [{ rows, truncated }, services, suites] = await Promise.all([
    getTestRows(db, params, PAGE_LIMIT, within),
    db.service.findMany({ select: { name: true }, orderBy: { name: "asc" }, ...(within ? { where: { name: { in: [...within] } } } : {}) }),
    db.$queryRaw<{ suite: string }[]>`SELECT DISTINCT suite FROM test_case ${visible} ORDER BY suite`,
  ]);
  return { generatedAt: new Date().toISOString(), params, rows, truncated, services: services.map((s) => s.name), suites: suites.map((s) => s.suite) };
}
