import { checkCiConfigIfDue } from "./ci-config";
import { syncDeployments } from "./deployments";
import { refreshPipelineFindings } from "./findings";
import type { SyncContext } from "./project-sync";

/**
 * Delivery data of one project: its dev deployments every cycle, its CI file and environments hourly,
 * and the rule findings of the pipelines stored since the last pass (database only).
 */
export async function syncDelivery(ctx: SyncContext, serviceId: number, service: string, projectId: number): Promise<void> {
  await syncDeployments(ctx, serviceId, projectId);
  await checkCiConfigIfDue(ctx, serviceId, service, projectId);
  await refreshPipelineFindings(ctx.db, serviceId);
}
