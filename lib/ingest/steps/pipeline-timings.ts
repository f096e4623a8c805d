import { COMPLETED_STATUSES } from "@/lib/domain/pipeline/statuses";
import { isoOrNull } from "@/lib/domain/time";
import type { Db } from "@/lib/platform/db/client";
import type { ProjectTarget, SyncContext } from "../context";
import { refetchPipelines } from "./pipelines";

export const DEFAULT_TIMINGS_BUDGET = 100;

/*
 * GitLab's list of pipelines has no timings, so a pipeline first stored from the list carries timings
 * derived from its jobs. Once it has completed, its own answer is asked for once, newest first and a
 * bounded number per cycle, and GitLab's started_at, finished_at, duration and queued_duration replace
 * the derived ones. Nothing to ask for costs no request.
 */

async function pipelinesWithDerivedTimings(db: Db, serviceId: number, limit: number): Promise<number[]> {
  const rows = await db.pipeline.findMany({
    where: { serviceId, timingsFromGitlab: false, status: { in: [...COMPLETED_STATUSES] } },
    select: { id: true },
    orderBy: { id: "desc" },
    take: limit,
  });
  return rows.map((r) => Number(r.id));
}

interface Timings {
  id: number;
  status: string;
  startedAt: Date | null;
  finishedAt: Date | null;
  duration: number | null;
  queuedDuration: number | null;
}

/**
 * Only where the stored status is still the one GitLab timed: a pipeline that moved since waits for its
 * next read. A value GitLab does not have (old pipelines) keeps the derived one, so it is asked once.
 */
async function storeGitlabTimings(db: Db, rows: readonly Timings[]): Promise<void> {
  if (rows.length === 0) return;
  await db.$executeRaw`
    UPDATE pipeline SET started_at = COALESCE(u.started_at, pipeline.started_at), finished_at = COALESCE(u.finished_at, pipeline.finished_at),
      duration = COALESCE(u.duration, pipeline.duration), queued_duration = COALESCE(u.queued_duration, pipeline.queued_duration),
      timings_from_gitlab = true
    FROM unnest(
      ${rows.map((r) => String(r.id))}::bigint[], ${rows.map((r) => r.status)}::text[],
      ${rows.map((r) => isoOrNull(r.startedAt))}::timestamptz[], ${rows.map((r) => isoOrNull(r.finishedAt))}::timestamptz[],
      ${rows.map((r) => r.duration)}::int[], ${rows.map((r) => r.queuedDuration)}::int[]
    ) AS u(id, status, started_at, finished_at, duration, queued_duration)
    WHERE pipeline.id = u.id AND pipeline.status = u.status`;
}

export async function fillPipelineTimings(ctx: SyncContext, project: ProjectTarget, budget: number): Promise<number> {
  const ids = await pipelinesWithDerivedTimings(ctx.db, project.serviceId, budget);
  if (ids.length === 0) return 0;
  // One deleted in GitLab is dropped there, as the pipeline step does.
  const answers = await refetchPipelines(ctx, project, ids);
  const date = (v: string | null) => (v ? new Date(v) : null);
  await storeGitlabTimings(
    ctx.db,
    answers
      .filter((a) => COMPLETED_STATUSES.has(a.status))
      .map((a) => ({ id: a.id, status: a.status, startedAt: date(a.started_at), finishedAt: date(a.finished_at), duration: a.duration, queuedDuration: a.queued_duration })),
  );
  return ids.length;
}
