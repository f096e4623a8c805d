import type { ServiceConfig } from "@/lib/platform/config";
import type { Db } from "@/lib/platform/db/client";
import type { ProjectTarget, SyncContext } from "./context";

/** The Service row for a configured service, created on first sight. */
export async function ensureService(db: Db, service: ServiceConfig) {
  return db.service.upsert({
    where: { name: service.name },
    create: { name: service.name, projectRef: service.project },
    update: { projectRef: service.project },
  });
}

/** A poll's project: its GitLab project id asked for once (and again when the configured path changes). */
export async function resolveProject(ctx: SyncContext, config: ServiceConfig, service: Awaited<ReturnType<typeof ensureService>>): Promise<ProjectTarget> {
  let projectId = service.gitlabProjectId;
  if (projectId === null || service.projectRef !== config.project) {
    const project = await ctx.gitlab.getProject(/^\d+$/.test(config.project) ? Number(config.project) : config.project);
    projectId = project.id;
    await ctx.db.service.update({ where: { id: service.id }, data: { gitlabProjectId: project.id, webUrl: project.web_url } });
  }
  const state = await ctx.db.syncState.findUniqueOrThrow({ where: { serviceId: service.id }, select: { backfillDone: true } });
  return { serviceId: service.id, service: config.name, projectRef: service.projectRef, projectId, backfilling: !state.backfillDone };
}

/** A project whose backfill is done, or null: webhook cycles leave everything before to the backfill. */
export async function backfilledProject(db: Db, config: ServiceConfig): Promise<ProjectTarget | null> {
  const service = await db.service.findUnique({ where: { name: config.name }, include: { syncState: true } });
  if (!service || service.gitlabProjectId === null || !service.syncState?.backfillDone) return null;
  return { serviceId: service.id, service: config.name, projectRef: service.projectRef, projectId: service.gitlabProjectId, backfilling: false };
}

export async function finishBackfill(db: Db, serviceId: number): Promise<void> {
  const count = await db.pipeline.count({ where: { serviceId } });
  await db.syncState.update({ where: { serviceId }, data: { backfillDone: true, backfillPipelines: count, backfillTotal: count } });
}
