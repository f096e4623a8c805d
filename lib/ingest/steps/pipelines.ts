import type { Db } from "@/lib/platform/db/client";
import { UNDER_WAY_STATUSES } from "@/lib/domain/pipeline/statuses";
import type {
  GitlabBridge,
  GitlabJob,
  GitlabPipeline,
  GitlabPipelineDetail,
  GitlabPipelineListItem,
} from "@/lib/upstream/gitlab/schemas";
import { UpstreamError } from "@/lib/upstream/transport";
import { nowOf, updatedAfter, type ProjectTarget, type SyncContext } from "../context";
import type { CursorHandle } from "../cursors";
import { normalizePipeline } from "../store/normalize";
import { activePipelines, hasStoredTriggers, storeSnapshots, storedParents, storedVersions } from "../store/pipelines";
import { deletePipelineTestResults } from "../store/tests";

export interface StoredCount {
  pipelines: number;
  jobs: number;
}

/** Worth re-reading: new, moved, or under way (its jobs move while GitLab's list entry may not). */
function isChanged(item: GitlabPipelineListItem, stored: { updatedAt: number; status: string } | undefined) {
  return !stored || stored.updatedAt !== Date.parse(item.updated_at) || stored.status !== item.status || UNDER_WAY_STATUSES.has(item.status);
}

/** GitLab's source of a child pipeline, which a trigger job of its parent started. */
const CHILD_SOURCE = "parent_pipeline";
/** GitLab nests child pipelines two levels deep; a bound on following what trigger jobs name. */
const MAX_CHILD_DEPTH = 3;

interface ReadPipeline {
  item: GitlabPipeline;
  jobs: GitlabJob[];
  bridges: GitlabBridge[];
}

/**
 * A pipeline's jobs and trigger jobs (GitLab's jobs list leaves those out, so they are asked for once
 * per pipeline read, never on an idle cycle, unless the project's backfill leaves them out).
 */
function readPipelines(ctx: SyncContext, project: ProjectTarget, items: readonly GitlabPipeline[]): Promise<ReadPipeline[]> {
  const { gitlab } = ctx;
  const { projectId } = project;
  return Promise.all(
    items.map(async (item) => {
      const [jobs, bridges] = await Promise.all([
        ctx.limit(() => gitlab.listPipelineJobs(projectId, item.id)),
        project.readsBridges === false ? [] : ctx.limit(() => gitlab.listPipelineBridges(projectId, item.id)),
      ]);
      // The test report (its counts too) is the test-report step's: one full report per finished
      // pipeline version, read later in the same cycle.
      return { item, jobs, bridges };
    }),
  );
}

/**
 * The child pipelines the trigger jobs name that are not among `read`, as GitLab has them now, where
 * GitLab's version differs from the stored one. Another project's pipeline (multi-project) stays a
 * link on its trigger job: it belongs to that project.
 */
async function movedChildren(ctx: SyncContext, project: ProjectTarget, read: readonly ReadPipeline[]): Promise<GitlabPipelineDetail[]> {
  const inBatch = new Set(read.map((r) => r.item.id));
  const named = new Map(
    read.flatMap((r) =>
      r.bridges.flatMap(({ downstream_pipeline: d }) =>
        d && !inBatch.has(d.id) && (d.project_id === null || d.project_id === project.projectId) ? [[d.id, d] as const] : [],
      ),
    ),
  );
  if (named.size === 0) return [];
  const stored = await storedVersions(ctx.db, [...named.keys()]);
  // One still under way that did not move is re-read with the pipelines under way, not here too.
  const moved = [...named.values()].filter((d) => {
    const s = stored.get(d.id);
    return !s || s.status !== d.status || (d.updated_at !== null && s.updatedAt !== Date.parse(d.updated_at));
  });
  const fetched = await Promise.all(
    moved.map((d) =>
      ctx.limit(() =>
        ctx.gitlab.getPipeline(project.projectId, d.id).catch((error: unknown) => {
          // Older GitLab leaves project_id out: a pipeline this project does not have is another project's.
          if (error instanceof UpstreamError && error.kind === "not_found") return null;
          throw error;
        }),
      ),
    ),
  );
  return fetched.filter((p): p is GitlabPipelineDetail => p !== null);
}

/**
 * Jobs and trigger jobs of pipelines GitLab reported changed,
 * normalized and upserted: the one write path of the poller and of webhooks, so both give the same rows.
 *
 * GitLab lists a child pipeline (source parent_pipeline) among the project's pipelines. It is stored
 * once, linked to the parent whose trigger job started it: known from that trigger job, read in this
 * batch, stored before, or given in `parents`. A child whose parent is not known yet waits for it: the
 * parent is under way while the child is created, so a cycle re-reads it and its trigger jobs bring the
 * child (read here when GitLab's version differs from the stored one).
 */
export async function storeChangedPipelines(
  ctx: SyncContext,
  project: ProjectTarget,
  items: readonly GitlabPipeline[],
  parents: ReadonlyMap<number, number> = new Map(),
  depth = 0,
): Promise<StoredCount> {
  const links = new Map(parents);
  const isChild = (item: GitlabPipeline) => item.source === CHILD_SOURCE;
  const unknown = items.filter((item) => isChild(item) && !links.has(item.id));
  for (const [child, parent] of await storedParents(ctx.db, unknown.map((item) => item.id))) links.set(child, parent);
  const waiting = new Set(unknown.filter((item) => !links.has(item.id)));

  const read = await readPipelines(ctx, project, items.filter((item) => !waiting.has(item)));
  for (const r of read) for (const b of r.bridges) if (b.downstream_pipeline) links.set(b.downstream_pipeline.id, r.item.id);
  read.push(...(await readPipelines(ctx, project, [...waiting].filter((item) => links.has(item.id)))));

  const fetchedAt = nowOf(ctx);
  const snapshots = read.map((r) =>
    normalizePipeline(project.serviceId, r.item, r.jobs, fetchedAt, { bridges: r.bridges, parentPipelineId: links.get(r.item.id) ?? null }),
  );
  await storeSnapshots(ctx.db, snapshots);
  const count: StoredCount = { pipelines: snapshots.length, jobs: snapshots.reduce((n, s) => n + s.jobs.length, 0) };

  const children = depth < MAX_CHILD_DEPTH ? await movedChildren(ctx, project, read) : [];
  if (children.length > 0) {
    const stored = await storeChangedPipelines(ctx, project, children, links, depth + 1);
    count.pipelines += stored.pipelines;
    count.jobs += stored.jobs;
  }
  return count;
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
            await deletePipelineTestResults(ctx.db, project.serviceId, id);
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
 * Whether a backfill reads trigger jobs. Asking for them with every pipeline doubles a backfill's
 * requests, and most projects trigger nothing: a backfill reads them only for a project with a child
 * pipeline in the window (GitLab lists children among the project's pipelines; one request with
 * `source=parent_pipeline` tells), or with trigger jobs or children stored before, so no child
 * pipeline is missed and none waits for a parent whose trigger jobs were not read. Past the backfill,
 * every pipeline read brings its trigger jobs again. What a backfill of a project without child
 * pipelines leaves out: its trigger jobs that started none (another project's pipeline, or never run).
 */
async function backfillReadsBridges(ctx: SyncContext, project: ProjectTarget, since: Date): Promise<boolean> {
  if (await hasStoredTriggers(ctx.db, project.serviceId)) return true;
  // A GitLab that ignored the filter answers with any pipeline: then every trigger job is read, as before.
  const children = await ctx.limit(() => ctx.gitlab.listPipelines(project.projectId, { updatedAfter: since, source: "parent_pipeline", perPage: 1 }));
  return children.pipelines.length > 0;
}

/**
 * Pipelines GitLab says changed since the cursor (less an overlap), or over the backfill window on
 * first run, page by page, each page stored before the cursor moves past it so an interrupted sync
 * resumes where it stopped; then the pipelines still under way whose list entry did not move.
 */
export async function syncPipelines(ctx: SyncContext, target: ProjectTarget, cursor: CursorHandle): Promise<StoredCount> {
  const { db, gitlab } = ctx;
  const { serviceId, projectId } = target;
  const since = updatedAfter(ctx, cursor.value.position);
  const project = target.backfilling ? { ...target, readsBridges: await backfillReadsBridges(ctx, target, since) } : target;
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
