import "server-only";
import { COVERAGE_JOB } from "@/lib/domain/cwiq";
import { Prisma, type Db } from "@/lib/platform/db/client";
import { flakyPairs, FINAL_RUN } from "@/lib/domain/metrics/flakes-sql";
import { dayRange, periodStart, successRatio } from "@/lib/domain/metrics";
import { MERGE_REQUEST_COLUMNS, toSummary, type PipelineSummaryRow } from "../overview/query";
import { refKindName } from "@/lib/domain/pipeline/refs";
import { groupStageRows, type PipelineWithStageColumns } from "@/lib/domain/pipeline/stage-rows";
import type {
  CoveragePoint,
  DailyPoint,
  FailingJob,
  FlakyJob,
  HeatStripPipeline,
  PipelineSummary,
  ServicePageData,
  ServicePageParams,
  SlowJob,
} from "./types";

/*
 * Everything the service page shows, in a handful of indexed statements run concurrently.
 *
 * Which filters apply where:
 * - pipelines table: ref kind, ref and status; all time (not limited to the period), newest first,
 *   paginated in SQL;
 * - trends, job tables (failing, slowest, flaky): the period plus ref kind and ref — not status,
 *   which would make a success rate meaningless; a pipeline belongs to the day it was created;
 * - coverage: main pipelines only, the period;
 * - heat strip: the last 50 main pipelines, whatever the filters.
 * Child pipelines are part of their parent's run, never pipelines of the service (table, trends,
 * coverage, heat strip, refs); their jobs ran for the service, so the job tables count them.
 * Periods are whole UTC days: the last `period` days, today included (so today is partial).
 */

export const HEAT_STRIP_SIZE = 50;
export const JOB_TABLE_LIMIT = 10;
/** Name of the job whose coverage is tracked (the shared templates' test job). */


export interface ServicePageOptions {
  /** The clock, for tests. */
  now?: Date;
}

type PipelineRow = PipelineSummaryRow & PipelineWithStageColumns;

/** The service's own pipelines (alias `p`): a child pipeline is shown under its parent's trigger job. */
const OWN = Prisma.sql`p.parent_pipeline_id IS NULL`;

const PIPELINE_COLUMNS = Prisma.sql`
  p.id, p.iid, p.ref, p.ref_kind::text AS "refKind", p.sha, p.source, p.status, p.commit_title AS "commitTitle",
  p.created_at AS "createdAt", p.started_at AS "startedAt", p.finished_at AS "finishedAt", p.duration,
  p.queued_duration AS "queuedDuration", p.web_url AS "webUrl", ${MERGE_REQUEST_COLUMNS},
  sr.stage, sr.position AS "stagePosition", sr.status AS "stageStatus", sr.started_at AS "stageStartedAt"`;

/** Flat (pipeline, stage) rows → pipelines with their stage cells, in row order of first appearance. */
function groupPipelines(rows: readonly PipelineRow[]): PipelineSummary[] {
  return groupStageRows(rows).map(({ row, stages }) => toSummary(row, stages));
}

/** The service, its period and its filters as SQL: what every part of the page reads. */
interface Scope {
  db: Db;
  sid: number;
  params: ServicePageParams;
  now: Date;
  from: Date;
  /** The period's UTC days, oldest first. */
  days: string[];
  page: number;
  perPage: number;
  refKindFilter: Prisma.Sql;
  /** The pipelines table: all time, with the status filter. */
  tableWhere: Prisma.Sql;
  /** Trends: the service's own pipelines of the period, no status filter. */
  periodWhere: Prisma.Sql;
  /** Job tables: the period's pipelines with their child pipelines, whose jobs ran for the service too. */
  runsWhere: Prisma.Sql;
  jobPeriodWhere: Prisma.Sql;
}

function serviceScope(db: Db, sid: number, params: ServicePageParams, now: Date): Scope {
  const from = periodStart(now, params.period);
  const refKindFilter = params.refKind ? Prisma.sql`AND p.ref_kind = ${refKindName(params.refKind)}::"RefKind"` : Prisma.empty;
  const refFilter = params.ref ? Prisma.sql`AND p.ref = ${params.ref}` : Prisma.empty;
  const statusFilter = params.status ? Prisma.sql`AND p.status = ${params.status}` : Prisma.empty;
  const runsWhere = Prisma.sql`p.service_id = ${sid} AND p.created_at >= ${from} AND p.created_at <= ${now} ${refKindFilter} ${refFilter}`;
  // A child pipeline is part of its parent's run, not a pipeline of the service (see Pipeline.parentPipelineId).
  const periodWhere = Prisma.sql`${runsWhere} AND ${OWN}`;
  return {
    db,
    sid,
    params,
    now,
    from,
    days: dayRange(from, now),
    page: Math.max(1, Math.floor(params.page)),
    perPage: Math.max(1, Math.floor(params.perPage)),
    refKindFilter,
    tableWhere: Prisma.sql`p.service_id = ${sid} AND ${OWN} ${refKindFilter} ${refFilter} ${statusFilter}`,
    periodWhere,
    runsWhere,
    // Jobs carry their pipeline's creation time and ref kind, so the period needs no join; a ref does.
    jobPeriodWhere: Prisma.sql`j.service_id = ${sid} AND j.pipeline_created_at >= ${from} AND j.pipeline_created_at <= ${now}
    ${params.refKind ? Prisma.sql`AND j.ref_kind = ${refKindName(params.refKind)}::"RefKind"` : Prisma.empty}
    ${params.ref ? Prisma.sql`AND j.pipeline_id IN (SELECT p.id FROM pipeline p WHERE ${runsWhere})` : Prisma.empty}`,
  };
}

/** One page of the pipelines table, newest first, and how many pipelines the filters match. */
async function loadPipelinesTable({ db, tableWhere, page, perPage }: Scope): Promise<ServicePageData["pipelines"]> {
  const [countRows, pageRows] = await Promise.all([
    db.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total FROM pipeline p WHERE ${tableWhere}`,
    db.$queryRaw<PipelineRow[]>`
      WITH pg AS (
        SELECT p.* FROM pipeline p WHERE ${tableWhere}
        ORDER BY p.created_at DESC, p.id DESC
        LIMIT ${perPage} OFFSET ${(page - 1) * perPage}
      )
      SELECT ${PIPELINE_COLUMNS}
      FROM pg p LEFT JOIN stage_result sr ON sr.pipeline_id = p.id
      ORDER BY p.created_at DESC, p.id DESC`,
  ]);
  const total = countRows[0]?.total ?? 0;
  return { items: groupPipelines(pageRows), total, page, perPage, pageCount: Math.max(1, Math.ceil(total / perPage)) };
}

/** Pipelines, success rate, duration and queue time over the period and per day. */
async function loadTrends({ db, params, now, from, days, periodWhere }: Scope): Promise<Pick<ServicePageData, "period" | "daily">> {
  // One row per day, plus the whole period (day IS NULL) from the same scan.
  const rows = await db.$queryRaw<
    { day: string | null; pipelines: number; success: number; failed: number; d50: number | null; d95: number | null; q50: number | null }[]
  >`
    SELECT to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
           count(*)::int AS pipelines,
           count(*) FILTER (WHERE p.status = 'success')::int AS success,
           count(*) FILTER (WHERE p.status = 'failed')::int AS failed,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY p.duration) AS d50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY p.duration) AS d95,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY p.queued_duration) AS q50
    FROM pipeline p
    WHERE ${periodWhere}
    GROUP BY GROUPING SETS ((1), ())`;

  // One point per day of the period, days without pipelines included (null values).
  const byDay = new Map(rows.filter((r) => r.day !== null).map((r) => [r.day as string, r]));
  const daily: DailyPoint[] = days.map((day) => {
    const r = byDay.get(day);
    return {
      day,
      pipelines: r?.pipelines ?? 0,
      successRate: r ? successRatio(r.success, r.failed) : null,
      durationP50: r?.d50 ?? null,
      durationP95: r?.d95 ?? null,
      queueP50: r?.q50 ?? null,
    };
  });
  const whole = rows.find((r) => r.day === null);
  return {
    period: {
      days: params.period,
      from: from.toISOString(),
      to: now.toISOString(),
      pipelines: whole?.pipelines ?? 0,
      successRate: whole ? successRatio(whole.success, whole.failed) : null,
      durationP50: whole?.d50 ?? null,
      durationP95: whole?.d95 ?? null,
      queueP50: whole?.q50 ?? null,
    },
    daily,
  };
}

/** Per job name over the period: final attempts only (a retried attempt was replaced by a later one). */
interface JobStatsRow {
  name: string;
  stage: string;
  failures: number;
  runs: number;
  successes: number;
  pct: (number | null)[] | null;
  latestFailedId: bigint | null;
}

/** The three job tables, from one aggregate over the period's jobs and the flakes counted against it. */
async function loadJobTables(scope: Scope): Promise<Pick<ServicePageData, "failingJobs" | "slowestJobs" | "flakyJobs">> {
  const { db, sid, from, runsWhere, jobPeriodWhere } = scope;
  const [jobRows, flakyRows] = await Promise.all([
    // With each job's latest failure.
    db.$queryRaw<JobStatsRow[]>`
      SELECT j.name,
             min(j.stage) AS stage,
             count(*) FILTER (WHERE j.status = 'failed')::int AS failures,
             count(*) FILTER (WHERE ${FINAL_RUN})::int AS runs,
             count(*) FILTER (WHERE j.status = 'success')::int AS successes,
             percentile_cont(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY j.duration) FILTER (WHERE j.status = 'success') AS pct,
             -- GitLab job ids grow with creation: the highest failed one is the latest failure
             max(j.id) FILTER (WHERE j.status = 'failed') AS "latestFailedId"
      FROM job j
      WHERE j.retried = false AND ${jobPeriodWhere}
      GROUP BY j.name`,
    // Flakes by the shared rule (lib/domain/metrics/flakes-sql.ts); the runs they are counted against come from the aggregate.
    db.$queryRaw<{ name: string; flaky: number }[]>`
      SELECT fp.name, count(*)::int AS flaky
      FROM (${flakyPairs({
        pipelines: Prisma.sql`SELECT p.id FROM pipeline p WHERE ${runsWhere}`,
        jobs: Prisma.sql`r.service_id = ${sid} AND r.pipeline_created_at >= ${from}`,
      })}) fp
      GROUP BY fp.name`,
  ]);
  return { failingJobs: await failingJobs(db, jobRows), slowestJobs: slowestJobs(jobRows), flakyJobs: flakyJobs(jobRows, flakyRows) };
}

/** The jobs that failed most, each with a link to its latest failure. */
async function failingJobs(db: Db, jobRows: readonly JobStatsRow[]): Promise<FailingJob[]> {
  const failedIds = jobRows.flatMap((r) => (r.latestFailedId === null ? [] : [r.latestFailedId]));
  const latestFailedRows = failedIds.length
    ? await db.job.findMany({ where: { id: { in: failedIds } }, select: { name: true, webUrl: true, pipelineId: true, createdAt: true } })
    : [];
  const latestFailed = new Map(latestFailedRows.map((r) => [r.name, r]));
  return jobRows
    .filter((r) => r.failures > 0)
    .map((r) => {
      const last = latestFailed.get(r.name);
      return {
        name: r.name,
        stage: r.stage,
        failures: r.failures,
        runs: r.runs,
        rate: r.runs > 0 ? r.failures / r.runs : 0,
        latestFailedWebUrl: last?.webUrl ?? null,
        latestFailedPipelineId: last ? Number(last.pipelineId) : null,
        latestFailedAt: last ? last.createdAt.toISOString() : null,
      };
    })
    .sort((a, b) => b.failures - a.failures || b.rate - a.rate || a.name.localeCompare(b.name))
    .slice(0, JOB_TABLE_LIMIT);
}

/** The slowest jobs by their median successful duration. */
function slowestJobs(jobRows: readonly JobStatsRow[]): SlowJob[] {
  return jobRows
    .filter((r) => r.successes > 0 && r.pct?.[0] != null)
    .map((r) => ({ name: r.name, stage: r.stage, runs: r.successes, p50: r.pct?.[0] ?? null, p95: r.pct?.[1] ?? null }))
    .sort((a, b) => (b.p50 ?? 0) - (a.p50 ?? 0) || a.name.localeCompare(b.name))
    .slice(0, JOB_TABLE_LIMIT);
}

/** The flakiest jobs: flaky pipelines against the pipelines where the job ran. */
function flakyJobs(jobRows: readonly JobStatsRow[], flakyRows: readonly { name: string; flaky: number }[]): FlakyJob[] {
  const flaky = new Map(flakyRows.map((f) => [f.name, f.flaky]));
  return jobRows
    .map((r) => {
      const flakyPipelines = flaky.get(r.name) ?? 0;
      return { name: r.name, pipelines: r.runs, flakyPipelines, rate: r.runs > 0 ? flakyPipelines / r.runs : 0 };
    })
    .filter((f) => f.flakyPipelines > 0)
    .sort((a, b) => b.rate - a.rate || b.flakyPipelines - a.flakyPipelines || a.name.localeCompare(b.name))
    .slice(0, JOB_TABLE_LIMIT);
}

/** Main pipelines' coverage: per day of the period (the test job's and coverage.xml's), and the latest ever. */
async function loadCoverage({ db, sid, now, from, days }: Scope): Promise<ServicePageData["coverage"]> {
  const [coverageRows, lineRateRows, latestRows] = await Promise.all([
    db.$queryRaw<{ day: string; coverage: number }[]>`
      SELECT DISTINCT ON (1) to_char(j.pipeline_created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, j.coverage
      FROM job j
      WHERE j.service_id = ${sid} AND j.pipeline_created_at >= ${from} AND j.pipeline_created_at <= ${now} AND j.retried = false
        AND j.ref_kind = 'MAIN' AND j.status = 'success' AND j.name = ${COVERAGE_JOB} AND j.coverage IS NOT NULL
      ORDER BY 1, j.pipeline_created_at DESC, j.pipeline_id DESC`,
    db.$queryRaw<{ day: string; lineRate: number }[]>`
      SELECT DISTINCT ON (1) to_char(r.pipeline_created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, r.line_rate AS "lineRate"
      FROM scan_report r
      WHERE r.service_id = ${sid} AND r.tool = 'cobertura' AND r.ref_kind = 'MAIN' AND r.status = 'ok'
        AND r.pipeline_created_at >= ${from} AND r.pipeline_created_at <= ${now}
      ORDER BY 1, r.pipeline_created_at DESC, r.id DESC`,
    db.$queryRaw<{ coverage: number; pipelineId: bigint; createdAt: Date }[]>`
      SELECT j.coverage, p.id AS "pipelineId", p.created_at AS "createdAt"
      FROM pipeline p
      JOIN job j ON j.pipeline_id = p.id AND j.name = ${COVERAGE_JOB} AND j.retried = false AND j.status = 'success' AND j.coverage IS NOT NULL
      WHERE p.service_id = ${sid} AND p.ref_kind = 'MAIN' AND ${OWN} AND p.created_at <= ${now}
      ORDER BY p.created_at DESC, p.id DESC
      LIMIT 1`,
  ]);
  const coverageByDay = new Map(coverageRows.map((r) => [r.day, r.coverage]));
  const lineRateByDay = new Map(lineRateRows.map((r) => [r.day, Math.round(r.lineRate * 10_000) / 100]));
  const latest = latestRows[0];
  return {
    daily: days.map((day): CoveragePoint => ({ day, coverage: coverageByDay.get(day) ?? null, lineRate: lineRateByDay.get(day) ?? null })),
    latest: latest ? { coverage: latest.coverage, pipelineId: Number(latest.pipelineId), at: latest.createdAt.toISOString() } : null,
  };
}

/** The last HEAT_STRIP_SIZE main pipelines, whatever the filters. */
async function loadHeatStrip({ db, sid }: Scope): Promise<HeatStripPipeline[]> {
  const rows = await db.$queryRaw<PipelineRow[]>`
    WITH h AS (
      SELECT p.* FROM pipeline p
      WHERE p.service_id = ${sid} AND p.ref_kind = 'MAIN' AND ${OWN}
      ORDER BY p.created_at DESC, p.id DESC
      LIMIT ${HEAT_STRIP_SIZE}
    )
    SELECT ${PIPELINE_COLUMNS}
    FROM h p LEFT JOIN stage_result sr ON sr.pipeline_id = p.id
    ORDER BY p.created_at DESC, p.id DESC`;
  return groupPipelines(rows).map((p) => ({
    id: p.id,
    iid: p.iid,
    status: p.status,
    createdAt: p.createdAt,
    shortSha: p.shortSha,
    webUrl: p.webUrl,
    stages: p.stages,
  }));
}

/** The refs of the period (for the ref filter), most recent first. */
async function loadRefs({ db, sid, from, refKindFilter }: Scope): Promise<string[]> {
  const rows = await db.$queryRaw<{ ref: string }[]>`
    SELECT p.ref FROM pipeline p
    WHERE p.service_id = ${sid} AND p.created_at >= ${from} AND ${OWN} ${refKindFilter}
    GROUP BY p.ref ORDER BY max(p.created_at) DESC LIMIT 100`;
  return rows.map((r) => r.ref);
}

/** The service page, or null when no service has that name. */
export async function getServicePage(
  db: Db,
  params: ServicePageParams,
  options: ServicePageOptions = {},
): Promise<ServicePageData | null> {
  const service = await db.service.findUnique({ where: { name: params.service }, select: { id: true, name: true, webUrl: true } });
  if (!service) return null;
  const scope = serviceScope(db, service.id, params, options.now ?? new Date());

  const [pipelines, trends, jobs, coverage, heatStrip, refs] = await Promise.all([
    loadPipelinesTable(scope),
    loadTrends(scope),
    loadJobTables(scope),
    loadCoverage(scope),
    loadHeatStrip(scope),
    loadRefs(scope),
  ]);

  return {
    generatedAt: new Date().toISOString(),
    service: { name: service.name, webUrl: service.webUrl },
    params: { ...params, page: scope.page, perPage: scope.perPage },
    pipelines,
    refs,
    period: trends.period,
    daily: trends.daily,
    failingJobs: jobs.failingJobs,
    slowestJobs: jobs.slowestJobs,
    flakyJobs: jobs.flakyJobs,
    coverage,
    heatStrip,
  };
}
