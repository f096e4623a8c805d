import "server-only";
import { Prisma, type Db } from "@/lib/platform/db/client";
import { isoOrNull } from "@/lib/domain/time";
import { TEST_REPORT_DUE } from "@/lib/domain/test-reports-sql";
import { isSyncErrorKind } from "./labels";
import { refKindLabel } from "@/lib/domain/pipeline/refs";
import { runTimes } from "@/lib/domain/pipeline/run-times";
import { groupStageRows, type PipelineWithStageColumns, type StageRow } from "@/lib/domain/pipeline/stage-rows";
import { COVERAGE_JOB, STAGES } from "@/lib/domain/cwiq";
import { asStageStatus, isStandardStage } from "@/lib/domain/pipeline/stages";
import type {
  CoverageTrend,
  OverviewData,
  PipelineSummary,
  ServiceOverview,
  ServiceSyncError,
  ServiceSyncState,
  StageCellData,
  SyncErrorKind,
  SyncSummary,
} from "./types";

export interface OverviewOptions {
  /** How many other refs (branches, tags) to show per service. Default: otherRefsFor(the configured services). */
  otherRefsLimit?: number;
  /** Configured service names: services are listed in this order, any others after them by name. */
  serviceOrder?: readonly string[];
}

export const DEFAULT_OTHER_REFS_LIMIT = 5;
/** Above this many services the overview lists main pipelines only. */
export const OTHER_REFS_MAX_SERVICES = 12;

/**
 * Other refs per service for a board of `services`: five each for a handful of services; none for
 * many, where six pipelines a service (600 rows at 100) would bury the main pipelines the board is
 * for. A service's own page lists its branches and tags either way.
 */
export function otherRefsFor(services: number): number {
  return services > OTHER_REFS_MAX_SERVICES ? 0 : DEFAULT_OTHER_REFS_LIMIT;
}

/** The pipeline columns a PipelineSummary is made from, as raw SQL returns them. */
export interface PipelineSummaryRow {
  id: bigint;
  iid: number;
  ref: string;
  refKind: string;
  sha: string;
  source: string;
  status: string;
  commitTitle: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  duration: number | null;
  queuedDuration: number | null;
  webUrl: string;
  mergeRequestIid: number | null;
  /** The merge request as GitLab last answered for it; null until read, or for other pipelines. */
  mergeRequest: { title: string; url: string; sourceBranch: string } | null;
}

/** A summary's merge request, for a pipeline row aliased `p` (one index probe, merge-request pipelines only). */
export const MERGE_REQUEST_COLUMNS = Prisma.sql`p.merge_request_iid AS "mergeRequestIid",
  (SELECT json_build_object('title', m.title, 'url', m.web_url, 'sourceBranch', m.source_branch) FROM merge_request m
   WHERE p.merge_request_iid IS NOT NULL AND m.service_id = p.service_id AND m.iid = p.merge_request_iid AND m.state <> 'not_found') AS "mergeRequest"`;

/** One row per (picked pipeline, stage); a pipeline without stage results has one row with null stage columns. */
interface PipelineStageRow extends PipelineSummaryRow, PipelineWithStageColumns {
  /** 0 for the latest main pipeline, 1.. for other refs, newest first. */
  slot: number;
  serviceId: number;
}

/*
 * The pipelines the overview shows, with their stage results, in one statement that never
 * reads a service's history:
 * - latest main pipeline per service: one index probe on (service_id, ref_kind, created_at DESC);
 * - latest pipeline of each other ref, newest first: a recursive walk down
 *   (service_id, created_at DESC). Each step starts below the previous pick — every newer
 *   pipeline belongs to a ref already picked — and skips those refs, so the cost follows the
 *   handful of rows shown, not the number of pipelines stored.
 * Child pipelines (parent_pipeline_id set) belong to their parent's run: never a service's own.
 */
async function loadPipelines(db: Db, otherRefsLimit: number): Promise<PipelineStageRow[]> {
  return db.$queryRaw<PipelineStageRow[]>`
    WITH RECURSIVE other_refs AS (
      SELECT first.id, first.service_id, first.created_at, ARRAY[first.ref] AS seen, 1 AS slot
      FROM service s
      CROSS JOIN LATERAL (
        SELECT p.id, p.service_id, p.ref, p.created_at
        FROM pipeline p
        WHERE p.service_id = s.id AND p.ref_kind <> 'MAIN' AND p.parent_pipeline_id IS NULL
        ORDER BY p.created_at DESC, p.id DESC
        LIMIT 1
      ) first
      WHERE ${otherRefsLimit}::int > 0
      UNION ALL
      SELECT nxt.id, nxt.service_id, nxt.created_at, o.seen || nxt.ref, o.slot + 1
      FROM other_refs o
      CROSS JOIN LATERAL (
        SELECT p.id, p.service_id, p.ref, p.created_at
        FROM pipeline p
        WHERE p.service_id = o.service_id
          AND p.ref_kind <> 'MAIN' AND p.parent_pipeline_id IS NULL
          -- the plain bound lets the index start at the previous pick; the row comparison breaks ties
          AND p.created_at <= o.created_at
          AND (p.created_at, p.id) < (o.created_at, o.id)
          AND p.ref <> ALL (o.seen)
        ORDER BY p.created_at DESC, p.id DESC
        LIMIT 1
      ) nxt
      WHERE o.slot < ${otherRefsLimit}::int
    ),
    picked AS (
      SELECT m.id, 0 AS slot
      FROM service s
      CROSS JOIN LATERAL (
        SELECT p.id FROM pipeline p
        WHERE p.service_id = s.id AND p.ref_kind = 'MAIN' AND p.parent_pipeline_id IS NULL
        ORDER BY p.created_at DESC, p.id DESC
        LIMIT 1
      ) m
      UNION ALL
      SELECT id, slot FROM other_refs
    )
    SELECT picked.slot, p.id, p.iid, p.service_id AS "serviceId", p.ref, p.ref_kind::text AS "refKind",
           p.sha, p.source, p.status, p.commit_title AS "commitTitle", p.created_at AS "createdAt",
           p.started_at AS "startedAt", p.finished_at AS "finishedAt", p.duration,
           p.queued_duration AS "queuedDuration", p.web_url AS "webUrl", ${MERGE_REQUEST_COLUMNS},
           sr.stage, sr.position AS "stagePosition", sr.status AS "stageStatus", sr.started_at AS "stageStartedAt"
    FROM picked
    JOIN pipeline p ON p.id = picked.id
    LEFT JOIN stage_result sr ON sr.pipeline_id = p.id
  `;
}

interface CoverageRow {
  serviceId: number;
  pipelineId: bigint;
  coverage: number;
}

/** Name of the CI templates' job whose `coverage` the overview shows. */

/*
 * The two newest coverage values per service, newest first, in one statement: per service, a
 * walk down job(service_id, name, created_at DESC) for the test job, stopping at the second
 * latest-attempt, successful job with a coverage that belongs to a main pipeline (a primary-key
 * probe each). The cost follows the test jobs since the last two main ones, not the history.
 */
async function loadCoverage(db: Db): Promise<CoverageRow[]> {
  return db.$queryRaw<CoverageRow[]>`
    SELECT s.id AS "serviceId", c.pipeline_id AS "pipelineId", c.coverage
    FROM service s
    CROSS JOIN LATERAL (
      SELECT j.pipeline_id, j.coverage, j.created_at, j.id
      FROM job j
      JOIN pipeline p ON p.id = j.pipeline_id
      WHERE j.service_id = s.id
        AND j.name = ${COVERAGE_JOB}
        AND NOT j.retried
        AND j.status = 'success'
        AND j.coverage IS NOT NULL
        AND p.ref_kind = 'MAIN' AND p.parent_pipeline_id IS NULL
      ORDER BY j.created_at DESC, j.id DESC
      LIMIT 2
    ) c
    ORDER BY s.id, c.created_at DESC, c.id DESC
  `;
}

/** Rows of one service, newest first, as the overview's coverage field. */
export function coverageTrend(rows: readonly CoverageRow[]): CoverageTrend | null {
  const [latest, previous] = rows;
  if (!latest) return null;
  return { latest: latest.coverage, previous: previous?.coverage ?? null, pipelineId: Number(latest.pipelineId) };
}

/** The nine standard stages always (null when absent), then the pipeline's extra stages. */
export function stageCells(rows: readonly StageRow[]): StageCellData[] {
  const byStage = new Map(rows.map((r) => [r.stage, r]));
  const cells: StageCellData[] = STAGES.map((stage) => {
    const row = byStage.get(stage);
    return { stage, status: row ? asStageStatus(row.status) : null, standard: true };
  });
  const extras = rows
    .filter((r) => !isStandardStage(r.stage))
    .sort(
      (a, b) =>
        a.position - b.position ||
        (a.startedAt?.getTime() ?? Number.MAX_SAFE_INTEGER) - (b.startedAt?.getTime() ?? Number.MAX_SAFE_INTEGER) ||
        a.stage.localeCompare(b.stage),
    );
  for (const row of extras) cells.push({ stage: row.stage, status: asStageStatus(row.status), standard: false });
  return cells;
}



interface SyncStateRow {
  lastAttemptAt: Date | null;
  lastSuccessAt: Date | null;
  lastErrorAt: Date | null;
  lastErrorKind: string | null;
  lastError: string | null;
  consecutiveErrors: number;
  backfillDone: boolean;
  backfillPipelines: number;
  backfillTotal: number | null;
}

export function serviceSyncState(row: SyncStateRow): ServiceSyncState {
  // An error counts while it is newer than the last success; the sync may keep the old message.
  const failing =
    row.consecutiveErrors > 0 ||
    (row.lastErrorAt !== null && (row.lastSuccessAt === null || row.lastErrorAt > row.lastSuccessAt));
  const kind: SyncErrorKind =
    row.lastErrorKind && isSyncErrorKind(row.lastErrorKind) ? row.lastErrorKind : "internal";
  return {
    lastAttemptAt: isoOrNull(row.lastAttemptAt),
    lastSuccessAt: isoOrNull(row.lastSuccessAt),
    error: failing
      ? { kind, message: row.lastError, at: isoOrNull(row.lastErrorAt), consecutiveErrors: row.consecutiveErrors }
      : null,
    backfill: { done: row.backfillDone, pipelines: row.backfillPipelines, total: row.backfillTotal },
  };
}

export function summariseSync(services: readonly ServiceOverview[], testReportsWaiting = 0): SyncSummary {
  let lastSuccessAt: string | null = null;
  const errors: ServiceSyncError[] = [];
  const pending: string[] = [];
  let pipelines = 0;
  let total: number | null = 0;
  for (const service of services) {
    const sync = service.sync;
    if (sync?.lastSuccessAt && (!lastSuccessAt || sync.lastSuccessAt > lastSuccessAt)) lastSuccessAt = sync.lastSuccessAt;
    if (sync?.error) errors.push({ service: service.name, lastSuccessAt: sync.lastSuccessAt, ...sync.error });
    // A service the sync has not reached yet has not backfilled either.
    if (!sync || !sync.backfill.done) {
      pending.push(service.name);
      pipelines += sync?.backfill.pipelines ?? 0;
      total = total === null || sync?.backfill.total == null ? null : total + sync.backfill.total;
    }
  }
  return {
    lastSuccessAt,
    errors,
    backfill: { done: pending.length === 0, pending, pipelines, total: pending.length === 0 ? null : total },
    testReportsWaiting,
  };
}

function orderServices<T extends { name: string }>(services: T[], order: readonly string[] | undefined): T[] {
  if (!order) return services;
  const rank = new Map(order.map((name, i) => [name, i]));
  return [...services].sort(
    (a, b) => (rank.get(a.name) ?? order.length) - (rank.get(b.name) ?? order.length) || a.name.localeCompare(b.name),
  );
}

export function toSummary(row: PipelineSummaryRow, stages: readonly StageRow[]): PipelineSummary {
  return {
    id: Number(row.id),
    iid: row.iid,
    ref: row.ref,
    refKind: refKindLabel(row.refKind),
    sha: row.sha,
    shortSha: row.sha.slice(0, 8),
    commitTitle: row.commitTitle,
    status: row.status,
    source: row.source,
    ...runTimes(row),
    webUrl: row.webUrl,
    mergeRequest:
      row.mergeRequestIid === null
        ? null
        : { iid: row.mergeRequestIid, title: row.mergeRequest?.title ?? null, url: row.mergeRequest?.url ?? null, sourceBranch: row.mergeRequest?.sourceBranch ?? null },
    stages: stageCells(stages),
  };
}

/** Everything the overview page shows, in three indexed queries run concurrently. */
export async function getOverview(db: Db, options: OverviewOptions = {}): Promise<OverviewData> {
  const otherRefsLimit = Math.max(0, Math.floor(options.otherRefsLimit ?? otherRefsFor(options.serviceOrder?.length ?? 0)));
  const generatedAt = new Date().toISOString();

  const [services, rows, coverageRows, testReportsWaiting] = await Promise.all([
    db.service.findMany({
      select: {
        id: true,
        name: true,
        webUrl: true,
        syncState: {
          select: {
            lastAttemptAt: true,
            lastSuccessAt: true,
            lastErrorAt: true,
            lastErrorKind: true,
            lastError: true,
            consecutiveErrors: true,
            backfillDone: true,
            backfillPipelines: true,
            backfillTotal: true,
          },
        },
      },
      orderBy: { name: "asc" },
    }),
    loadPipelines(db, otherRefsLimit),
    loadCoverage(db),
    countTestReportsWaiting(db),
  ]);

  const coverageByService = new Map<number, CoverageRow[]>();
  for (const row of coverageRows) {
    const list = coverageByService.get(row.serviceId) ?? [];
    list.push(row);
    coverageByService.set(row.serviceId, list);
  }

  const byService = new Map<number, { main: PipelineSummary | null; others: { slot: number; summary: PipelineSummary }[] }>();
  for (const { row, stages } of groupStageRows(rows)) {
    const entry = byService.get(row.serviceId) ?? { main: null, others: [] };
    const summary = toSummary(row, stages);
    const slot = Number(row.slot);
    if (slot === 0) entry.main = summary;
    else entry.others.push({ slot, summary });
    byService.set(row.serviceId, entry);
  }

  const overviews: ServiceOverview[] = orderServices(services, options.serviceOrder).map((s) => {
    const entry = byService.get(s.id);
    return {
      name: s.name,
      webUrl: s.webUrl,
      latestMain: entry?.main ?? null,
      otherRefs: (entry?.others ?? []).sort((a, b) => a.slot - b.slot).map((o) => o.summary),
      coverage: coverageTrend(coverageByService.get(s.id) ?? []),
      sync: s.syncState ? serviceSyncState(s.syncState) : null,
    };
  });

  return { generatedAt, services: overviews, otherRefsListed: otherRefsLimit > 0, sync: summariseSync(overviews, testReportsWaiting) };
}

/** Finished pipelines whose test report is not read for their current version (the sync's test-report step's queue). */
async function countTestReportsWaiting(db: Db): Promise<number> {
  const [row] = await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM pipeline WHERE ${TEST_REPORT_DUE}`;
  return Number(row?.n ?? 0);
}
