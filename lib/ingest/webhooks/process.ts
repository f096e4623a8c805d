import type { ServiceConfig } from "@/lib/platform/config";
import { UpstreamError } from "@/lib/upstream/transport";
import { refetchPipelines, storeChangedPipelines, syncFollowUps, type ProjectSyncResult, type SyncContext } from "../project-sync";
import { markWebhookEventsProcessed, pendingWebhookEvents } from "./queue";

/**
 * The queued webhook events of one project, re-read from GitLab and stored through the poller's own
 * write path. Runs only after the project's backfill (which covers everything before). A failure leaves
 * the events queued for the next cycle; the full poll records sync problems on the page.
 * With `followUps` (between polls) test reports, artifacts, security links and deployments follow
 * too, as after a poll; a full cycle leaves them to its poll.
 */
export async function syncWebhookEvents(ctx: SyncContext, config: ServiceConfig, options: { followUps: boolean }): Promise<ProjectSyncResult> {
  const result: ProjectSyncResult = { service: config.name, ok: true, pipelinesChanged: 0, jobsStored: 0 };
  const service = await ctx.db.service.findUnique({ where: { name: config.name }, include: { syncState: true } });
  const projectId = service?.gitlabProjectId;
  if (!service || projectId == null || !service.syncState?.backfillDone) return result;
  const events = await pendingWebhookEvents(ctx.db, projectId);
  if (events.length === 0) return result;

  try {
    const pipelineIds = events.filter((e) => e.kind === "pipeline").map((e) => e.objectId);
    // Deleted since the delivery (or never there): dropped, as the poller does.
    const items = await refetchPipelines(ctx, service.id, projectId, pipelineIds);
    const stored = await storeChangedPipelines(ctx, { serviceId: service.id, projectId, backfilling: false }, items);
    result.pipelinesChanged = stored.pipelines;
    result.jobsStored = stored.jobs;
    if (events.some((e) => e.kind === "deployment")) {
      // GitLab says a deployment moved: due now, whatever the deployments' own rhythm would say.
      await ctx.db.syncState.update({ where: { serviceId: service.id }, data: { deploymentsCheckedAt: null } });
    }
    await markWebhookEventsProcessed(ctx.db, events);
  } catch (error) {
    result.ok = false;
    result.error = error;
    if (!(error instanceof UpstreamError && error.kind === "aborted")) {
      ctx.logger.warn({ service: config.name, err: error instanceof Error ? error.message : String(error) }, "webhook events not synced yet");
    }
    return result;
  }

  if (!options.followUps) return result;
  try {
    // The events are done: what fails here is retried under its own budget or rhythm next cycle.
    const followUps = await syncFollowUps(ctx, { serviceId: service.id, service: config.name, projectRef: service.projectRef, projectId, backfilling: false });
    if (followUps.error) throw followUps.error;
  } catch (error) {
    result.ok = false;
    result.error = error;
    if (!(error instanceof UpstreamError && error.kind === "aborted")) {
      ctx.logger.warn({ service: config.name, err: error instanceof Error ? error.message : String(error) }, "follow-ups of webhook events incomplete");
    }
  }
  return result;
}
