import type { LimitFunction } from "p-limit";
import type { ServiceConfig } from "@/lib/platform/config";
import type { Db } from "@/lib/platform/db/client";
import type { GitlabClient } from "@/lib/upstream/gitlab/client";
import { UpstreamError } from "@/lib/upstream/transport";
import type { GitlabPipelineListItem } from "@/lib/upstream/gitlab/schemas";
import type { Logger } from "@/lib/platform/log";
import { syncDelivery } from "./delivery";
import { fillArtifacts } from "./artifacts";
import { linkSecurityUpstreams, type SecurityUpstreams } from "./security-links";
import { FINISHED, normalizePipeline } from "./normalize";
import { activePipelines, pipelinesWithoutTestReport, storeSnapshots, storeTestReports, storedVersions } from "./store";
import { recordAttempt, recordFailure, recordSuccess } from "./sync-state";

export const DEFAULT_TEST_REPORT_BUDGET = 200;
const NO_TESTS = { count: 0, success: 0, failed: 0, skipped: 0, error: 0 };

export interface SyncContext {
  db: Db;
  gitlab: GitlabClient;
  /** Bounds concurrent GitLab requests across every project. */
  limit: LimitFunction;
  backfillDays: number;
  /** How far before the cursor each cycle looks again, for updates committed out of order. */
  overlapMs: number;
  logger: Logger;
  now?: () => Date;
  /** Test report summaries fetched per project per cycle for pipelines that lack one. */
  testReportBudget?: number;
  /** SonarQube and DefectDojo clients, when configured (see lib/ingest/security-links.ts). */
  security?: SecurityUpstreams;
  /** Artifacts fetched per project per cycle (see lib/ingest/artifacts.ts). */
  artifactBudget?: number;
  /** Artifacts larger than this are recorded as errors without being read. */
  maxArtifactBytes?: number;
  /** Counts GitLab requests made for a project during one sync, for the sync state. */
  requestCount?: () => number;
}

export interface ProjectSyncResult {
  service: string;
  ok: boolean;
  pipelinesChanged: number;
  jobsStored: number;
  error?: unknown;
}

/**
 * Fetches GitLab's test report summary for finished pipelines that have none yet, newest
 * first, at most `testReportBudget` per cycle, so a large backfill catches up over a few
 * cycles without holding up pipeline data.
 */
async function fillTestReports(ctx: SyncContext, serviceId: number, projectId: number) {
  const missing = await pipelinesWithoutTestReport(ctx.db, serviceId, ctx.testReportBudget ?? DEFAULT_TEST_REPORT_BUDGET);
  if (missing.length === 0) return;
  const reports = await Promise.all(
    missing.map((id) =>
      ctx.limit(() =>
        ctx.gitlab.getTestReportSummary(projectId, id).then(
          (report) => report.total,
          (error: unknown) => {
            // A pipeline deleted upstream has no report; record none rather than asking forever.
            if (error instanceof UpstreamError && error.kind === "not_found") return NO_TESTS;
            throw error;
          },
        ),
      ),
    ),
  );
  await storeTestReports(
    ctx.db,
    missing.map((id, i) => ({ pipelineId: id, total: reports[i] ?? NO_TESTS })),
  );
}

/** The Service row for a configured service, created on first sight. */
async function ensureService(db: Db, service: ServiceConfig) {
  return db.service.upsert({
    where: { name: service.name },
    create: { name: service.name, projectRef: service.project },
    update: { projectRef: service.project },
  });
}

function isChanged(item: GitlabPipelineListItem, stored: { updatedAt: number; status: string } | undefined) {
  return !stored || stored.updatedAt !== Date.parse(item.updated_at) || stored.status !== item.status;
}

/**
 * Jobs (and, once finished, the test report) of pipelines GitLab reported changed, normalized and
 * upserted: the one write path of the poller and of webhooks, so both give the same rows.
 */
export async function storeChangedPipelines(
  ctx: SyncContext,
  target: { serviceId: number; projectId: number; backfilling: boolean },
  items: readonly GitlabPipelineListItem[],
): Promise<{ pipelines: number; jobs: number }> {
  const { gitlab } = ctx;
  const { projectId } = target;
  const jobLists = await Promise.all(items.map((item) => ctx.limit(() => gitlab.listPipelineJobs(projectId, item.id))));
  // The test report is final once the pipeline is; a pipeline under way is asked again when it
  // finishes. A backfill leaves reports to fillTestReports, so pipelines show up first.
  const reports = await Promise.all(
    items.map((item) =>
      !target.backfilling && FINISHED.has(item.status) ? ctx.limit(() => gitlab.getTestReportSummary(projectId, item.id)) : null,
    ),
  );
  const fetchedAt = (ctx.now ?? (() => new Date()))();
  const snapshots = items.map((item, i) => normalizePipeline(target.serviceId, item, jobLists[i] ?? [], fetchedAt, reports[i] ?? null));
  await storeSnapshots(ctx.db, snapshots);
  return { pipelines: snapshots.length, jobs: snapshots.reduce((n, s) => n + s.jobs.length, 0) };
}

/**
 * The pipelines `ids` as GitLab has them now. One deleted in GitLab is dropped here too rather
 * than failing every cycle.
 */
export async function refetchPipelines(ctx: SyncContext, serviceId: number, projectId: number, ids: readonly number[]): Promise<GitlabPipelineListItem[]> {
  const fetched = await Promise.all(
    ids.map((id) =>
      ctx.limit(() =>
        ctx.gitlab.getPipeline(projectId, id).catch(async (error: unknown) => {
          if (error instanceof UpstreamError && error.kind === "not_found") {
            await ctx.db.pipeline.deleteMany({ where: { id: BigInt(id), serviceId } });
            return null;
          }
          throw error;
        }),
      ),
    ),
  );
  return fetched.filter((p): p is GitlabPipelineListItem => p !== null);
}

/**
 * What follows newly stored pipelines, each within its own budget or rhythm: test reports, scan
 * artifacts, SonarQube and DefectDojo links, then deployments and rule checks. Shared by the poll and
 * the webhook path, so data reached through a hook is as complete as data reached by polling.
 */
export async function syncFollowUps(
  ctx: SyncContext,
  target: { serviceId: number; service: string; projectRef: string; projectId: number; backfilling: boolean },
): Promise<{ error?: unknown }> {
  const { serviceId, projectId } = target;
  await fillTestReports(ctx, serviceId, projectId);
  const artifacts = await fillArtifacts(ctx, serviceId, projectId);
  if (ctx.security) {
    const problems = await linkSecurityUpstreams({ ...ctx, upstreams: ctx.security }, serviceId, target.projectRef);
    if (problems.length > 0) ctx.logger.warn({ service: target.service, problem: problems[0]?.message, count: problems.length }, "security links incomplete");
  }
  // Deployments and rule checks follow in the next cycle (seconds later), so the backfill's first
  // cycle brings pipelines and jobs to the pages as soon as it can, as test reports do.
  if (!target.backfilling) await syncDelivery(ctx, serviceId, target.service, projectId);
  return artifacts;
}

/**
 * One sync of one project: backfill the window on first run, then only what GitLab says
 * changed since the cursor (less an overlap), plus pipelines still under way. Every page
 * is stored before the cursor moves past it, so an interrupted sync resumes where it stopped.
 */
export async function syncProject(ctx: SyncContext, config: ServiceConfig): Promise<ProjectSyncResult> {
  const { db, gitlab, logger } = ctx;
  const now = ctx.now ?? (() => new Date());
  const startRequests = ctx.requestCount?.() ?? 0;
  const service = await ensureService(db, config);
  const result: ProjectSyncResult = { service: config.name, ok: false, pipelinesChanged: 0, jobsStored: 0 };
  await recordAttempt(db, service.id, now());

  try {
    let projectId = service.gitlabProjectId;
    if (projectId === null || service.projectRef !== config.project) {
      const project = await gitlab.getProject(/^\d+$/.test(config.project) ? Number(config.project) : config.project);
      projectId = project.id;
      await db.service.update({ where: { id: service.id }, data: { gitlabProjectId: project.id, webUrl: project.web_url } });
    }
    const state = await db.syncState.findUniqueOrThrow({ where: { serviceId: service.id } });
    const windowStart = new Date(now().getTime() - ctx.backfillDays * 86_400_000);
    let cursor = state.cursor;
    const updatedAfter = cursor && cursor > windowStart ? new Date(cursor.getTime() - ctx.overlapMs) : windowStart;
    const backfilling = !state.backfillDone;
    const seen = new Set<number>();

    const storeChanged = async (items: GitlabPipelineListItem[]) => {
      const stored = await storeChangedPipelines(ctx, { serviceId: service.id, projectId, backfilling }, items);
      result.pipelinesChanged += stored.pipelines;
      result.jobsStored += stored.jobs;
    };

    let page: number | null = 1;
    let firstPage = true;
    while (page !== null) {
      const listed = await ctx.limit(() => gitlab.listPipelines(projectId, { updatedAfter, page: page ?? 1, perPage: 100 }));
      for (const p of listed.pipelines) seen.add(p.id);
      const stored = await storedVersions(db, listed.pipelines.map((p) => p.id));
      await storeChanged(listed.pipelines.filter((p) => isChanged(p, stored.get(p.id))));

      const newest = listed.pipelines.reduce<Date | null>((max, p) => {
        const d = new Date(p.updated_at);
        return !max || d > max ? d : max;
      }, cursor);
      cursor = newest;
      const progress = backfilling ? { backfillPipelines: await db.pipeline.count({ where: { serviceId: service.id } }) } : {};
      // X-Total counts what is left from the cursor; add what an interrupted backfill already stored.
      const total =
        backfilling && firstPage && listed.total !== null
          ? { backfillTotal: listed.total + (await db.pipeline.count({ where: { serviceId: service.id, updatedAt: { lte: updatedAfter } } })) }
          : {};
      await db.syncState.update({ where: { serviceId: service.id }, data: { cursor, ...progress, ...total } });
      firstPage = false;
      page = listed.nextPage;
    }

    // Pipelines still running whose list entry did not move still have jobs that do.
    const stale = (await activePipelines(db, service.id)).filter((p) => !seen.has(p.id));
    if (stale.length) await storeChanged(await refetchPipelines(ctx, service.id, projectId, stale.map((p) => p.id)));

    const artifacts = await syncFollowUps(ctx, { serviceId: service.id, service: config.name, projectRef: service.projectRef, projectId, backfilling });

    if (backfilling) {
      const count = await db.pipeline.count({ where: { serviceId: service.id } });
      await db.syncState.update({
        where: { serviceId: service.id },
        data: { backfillDone: true, backfillPipelines: count, backfillTotal: count },
      });
    }
    // Everything else is stored; an artifact that could not be fetched makes the cycle count as failed.
    if (artifacts.error) throw artifacts.error;
    await recordSuccess(db, service.id, now(), (ctx.requestCount?.() ?? 0) - startRequests);
    result.ok = true;
    logger.debug({ service: config.name, changed: result.pipelinesChanged }, "project synced");
  } catch (error) {
    result.error = error;
    // Stopping mid-cycle is not a sync problem worth showing.
    if (error instanceof UpstreamError && error.kind === "aborted") return result;
    await recordFailure(db, service.id, now(), error).catch((e: unknown) =>
      logger.error({ service: config.name, err: e }, "could not record the sync failure"),
    );
    logger.warn({ service: config.name, err: error instanceof Error ? error.message : String(error) }, "project sync failed");
  }
  return result;
}
