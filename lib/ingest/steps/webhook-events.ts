import type { ProjectTarget, SyncContext } from "../context";
import { markDue } from "../cursors";
import { markWebhookEventsProcessed, pendingWebhookEvents } from "../webhooks/queue";
import { refetchPipelines, storeChangedPipelines, type StoredCount } from "./pipelines";

/**
 * The project's queued webhook events: the pipelines they name, re-read from GitLab and stored
 * through the poller's own write path, so a hook and a poll give the same rows. A failure leaves the
 * events queued for the next cycle.
 */
export async function syncQueuedEvents(ctx: SyncContext, project: ProjectTarget): Promise<StoredCount & { events: number }> {
  const events = await pendingWebhookEvents(ctx.db, project.projectId);
  if (events.length === 0) return { events: 0, pipelines: 0, jobs: 0 };
  const pipelineIds = events.filter((e) => e.kind === "pipeline").map((e) => e.objectId);
  // Deleted since the delivery (or never there): dropped, as the poller does.
  const items = await refetchPipelines(ctx, project, pipelineIds);
  const stored = await storeChangedPipelines(ctx, project, items);
  // GitLab says a deployment moved: due now, whatever the deployments' own rhythm would say.
  if (events.some((e) => e.kind === "deployment")) await markDue(ctx.db, project.serviceId, "deployments");
  await markWebhookEventsProcessed(ctx.db, events);
  return { events: events.length, ...stored };
}
