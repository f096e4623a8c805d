import type { Db } from "@/lib/platform/db/client";
import { SETTLED_STATUSES, UNDER_WAY_STATUSES } from "@/lib/domain/pipeline/statuses";
import type { GitlabPipeline, GitlabPipelineDetail, GitlabPipelineListItem } from "@/lib/upstream/gitlab/schemas";
import { UpstreamError } from "@/lib/upstream/transport";
import { nowOf, updatedAfter, type ProjectTarget, type SyncContext } from "../context";
import type { CursorHandle } from "../cursors";
import { normalizePipeline } from "../store/normalize";
import { activePipelines, storeSnapshots, storedVersions } from "../store/pipelines";

export interface StoredCount {
  pipelines: number;
  jobs: number;
}

/** Worth re-reading: new, moved, or under way (its jobs move while GitLab's list entry may not). */
function isChanged(item: GitlabPipelineListItem, stored: { updatedAt: number; status: string } | undefined) {
  return !stored || stored.updatedAt !== Date.parse(item.updated_at) || stored.status !== item.status || UNDER_WAY_STATUSES.has(item.status);
}

/**
 * Jobs (and, once finished, the test report) of pipelines GitLab reported changed, normalized and
 * upserted: the one write path of the poller and of webhooks, so both give the same rows.
 */
export async function storeChangedPipelines(ctx: SyncContext, project: ProjectTarget, items: readonly GitlabPipeline[]): Promise<StoredCount> {
  const { gitlab } = ctx;
  const { projectId } = project;
  const jobLists = await Promise.all(items.map((item) => ctx.limit(() => gitlab.listPipelineJobs(projectId, item.id))));
  // The test report is final once the pipeline is; a pipeline under way is asked again when it
  // finishes. A backfill leaves reports to the test-report step, so pipelines show up first.
  const reports = await Promise.all(
    items.map((item) =>
      !project.backfilling && SETTLED_STATUSES.has(item.status) ? ctx.limit(() => gitlab.getTestReportSummary(projectId, item.id)) : null,
    ),
  );
  const fetchedAt = nowOf(ctx);
  const snapshots = items.map((item, i) => normalizePipeline(project.serviceId, item, jobLists[i] ?? [], fetchedAt, reports[i] ?? null));
  await storeSnapshots(ctx.db, snapshots);
  return { pipelines: snapshots.length, jobs: snapshots.reduce((n, s) => n + s.jobs.length, 0) };
}

/**
 * The pipelines `ids` as GitLab has them now. One deleted in GitLab is dropped here too rather
 * than failing every cycle. The single-pipeline answer carries GitLab's own timings.
 */
export async function refetchPipelines(ctx: SyncContext, project: ProjectTarget, ids: readonly number[]): Promise<GitlabPipelineDetail[]> {
  const fetched = await Promise.all(
    ids.map((id) =>
      ctx.limit(() =>
        ctx.gitlab.getPipeline(project.projectId, id).catch(async (error: unknown) => {
          if (error instanceof UpstreamError && error.kind === "not_found") {
            await ctx.db.pipeline.deleteMany({ where: { id: BigInt(id), serviceId: project.serviceId } });
            return null;
          }
          throw error;
        }),
      ),
    ),
  );
  return fetched.filter((p): p is GitlabPipelineDetail => p !== null);
}

async function recordBackfillProgress(db: Db, serviceId: number, firstPage: { total: number | null; updatedAfter: Date } | null) {
  const pipelines = await db.pipeline.count({ where: { serviceId } });
  // X-Total counts what is left from the cursor; add what an interrupted backfill already stored.
  const total =
    firstPage && firstPage.total !== null
      ? { backfillTotal: firstPage.total + (await db.pipeline.count({ where: { serviceId, updatedAt: { lte: firstPage.updatedAfter } } })) }
      : {};
  await db.syncState.update({ where: { serviceId }, data: { backfillPipelines: pipelines, ...total } });
}

/**
 * Pipelines GitLab says changed since the cursor (less an overlap), or over the backfill window on
 * first run, page by page, each page stored before the cursor moves past it so an interrupted sync
 * resumes where it stopped; then the pipelines still under way whose list entry did not move.
 */
export async function syncPipelines(ctx: SyncContext, project: ProjectTarget, cursor: CursorHandle): Promise<StoredCount> {
  const { db, gitlab } = ctx;
  const { serviceId, projectId } = project;
  const since = updatedAfter(ctx, cursor.value.position);
  const seen = new Set<number>();
  const count: StoredCount = { pipelines: 0, jobs: 0 };
  const storeChanged = async (items: GitlabPipelineListItem[]) => {
    const stored = await storeChangedPipelines(ctx, project, items);
    count.pipelines += stored.pipelines;
    count.jobs += stored.jobs;
  };

  let page: number | null = 1;
  while (page !== null) {
    const current: number = page;
    const listed = await ctx.limit(() => gitlab.listPipelines(projectId, { updatedAfter: since, page: current, perPage: 100 }));
    for (const p of listed.pipelines) seen.add(p.id);
    const stored = await storedVersions(db, listed.pipelines.map((p) => p.id));
    await storeChanged(listed.pipelines.filter((p) => isChanged(p, stored.get(p.id))));

    const newest = listed.pipelines.reduce<Date | null>((max, p) => {
      const d = new Date(p.updated_at);
      return !max || d > max ? d : max;
    }, cursor.value.position);
    await cursor.save({ position: newest });
    if (project.backfilling) await recordBackfillProgress(db, serviceId, current === 1 ? { total: listed.total, updatedAfter: since } : null);
    page = listed.nextPage;
  }

  // Pipelines still running whose list entry did not move still have jobs that do.
  const stale = (await activePipelines(db, serviceId)).filter((p) => !seen.has(p.id));
  if (stale.length) await storeChanged(await refetchPipelines(ctx, project, stale.map((p) => p.id)));
  return count;
}
