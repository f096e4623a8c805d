import { DEV_DELIVERY_JOBS, DEV_ENVIRONMENT } from "@/lib/domain/cwiq";
import { MINUTE_MS } from "@/lib/domain/time";
import { updatedAfter, type ProjectTarget, type SyncContext } from "../context";
import type { CursorHandle, StepCursor } from "../cursors";
import { deploymentRow, storeDeployments } from "../store/deployments";

/** Deployments are asked for again at least this often, even when no deploy-dev job moved. */
export const DEPLOYMENT_RECONCILE_MS = 10 * MINUTE_MS;

/**
 * Whether the deployments are worth a request this cycle: on first run, when a pipeline with a
 * deploy-dev job was stored since the last look (GitLab creates a deployment with each deploy job),
 * or after DEPLOYMENT_RECONCILE_MS. An idle cycle so costs GitLab nothing here.
 */
export async function deploymentsDue(ctx: SyncContext, project: ProjectTarget, cursor: StepCursor): Promise<boolean> {
  const { checkedAt } = cursor;
  // Real time, like pipeline.synced_at (the database's clock), which it is compared with.
  if (!checkedAt || Date.now() - checkedAt.getTime() >= DEPLOYMENT_RECONCILE_MS) return true;
  const moved = await ctx.db.$queryRaw<{ one: number }[]>`
    SELECT 1 AS one FROM pipeline p
    WHERE p.service_id = ${project.serviceId} AND p.synced_at >= ${checkedAt}
      AND EXISTS (SELECT 1 FROM job j WHERE j.pipeline_id = p.id AND j.name = ${DEV_DELIVERY_JOBS.deploy})
    LIMIT 1`;
  return moved.length > 0;
}

/**
 * The dev deployments of a project updated since the cursor (less the overlap), or over the backfill
 * window on first run. Each page is stored before the cursor moves past it.
 */
export async function syncDeployments(ctx: SyncContext, project: ProjectTarget, cursor: CursorHandle): Promise<number> {
  // Taken before asking, so a deploy job stored while the pages are read is looked at again next time.
  const checkStartedAt = new Date();
  const since = updatedAfter(ctx, cursor.value.position);
  let stored = 0;
  let page: number | null = 1;
  while (page !== null) {
    const current: number = page;
    const listed = await ctx.limit(() => ctx.gitlab.listDeployments(project.projectId, { environment: DEV_ENVIRONMENT, updatedAfter: since, page: current }));
    await storeDeployments(ctx.db, project.serviceId, listed.deployments.map(deploymentRow));
    stored += listed.deployments.length;
    let position = cursor.value.position;
    for (const d of listed.deployments) {
      const updated = new Date(d.updated_at);
      if (!position || updated > position) position = updated;
    }
    await cursor.save({ position });
    page = listed.nextPage;
  }
  await cursor.save({ checkedAt: checkStartedAt });
  return stored;
}
