import { UNDER_WAY_STATUSES } from "@/lib/domain/pipeline/statuses";
import type { Db } from "@/lib/platform/db/client";
import { isoOrNull } from "@/lib/domain/time";
import type { PipelineSnapshot } from "./normalize";

/*
 * Bulk, idempotent writes keyed by GitLab ids: one statement per table per batch
 * (INSERT … SELECT FROM unnest(arrays) ON CONFLICT DO UPDATE). Polling twice, a
 * webhook plus a poll, or two replicas never make a duplicate row, and an older
 * answer never overwrites a newer one.
 */

const ids = (values: number[]) => values.map(String);

export async function storeSnapshots(db: Db, snapshots: readonly PipelineSnapshot[]): Promise<void> {
  if (snapshots.length === 0) return;
  const pipelines = snapshots.map((s) => s.pipeline);
  // Jobs carry their pipeline's creation time and ref kind (never changing) for join-free aggregates.
  const jobs = snapshots.flatMap((s) => s.jobs.map((j) => ({ ...j, pipelineCreatedAt: s.pipeline.createdAt, refKind: s.pipeline.refKind })));
  const stages = snapshots.flatMap((s) => s.stages.map((st) => ({ ...st, pipelineId: s.pipeline.id })));
  const bridges = snapshots.flatMap((s) => s.bridges);

  await db.$transaction([
    db.$executeRaw`
      INSERT INTO pipeline (id, iid, service_id, ref, ref_kind, sha, source, status, name, commit_title, commit_author,
        created_at, updated_at, started_at, finished_at, duration, queued_duration, timings_from_gitlab, coverage, web_url, merge_request_iid,
        parent_pipeline_id, synced_at)
      SELECT u.id, u.iid, u.service_id, u.ref, u.ref_kind::"RefKind", u.sha, u.source, u.status, u.name, u.commit_title,
        u.commit_author, u.created_at, u.updated_at, u.started_at, u.finished_at, u.duration, u.queued_duration, u.timings_from_gitlab,
        u.coverage, u.web_url, u.merge_request_iid, u.parent_pipeline_id, now()
      FROM unnest(
        ${ids(pipelines.map((p) => p.id))}::bigint[], ${pipelines.map((p) => p.iid)}::int[],
        ${pipelines.map((p) => p.serviceId)}::int[], ${pipelines.map((p) => p.ref)}::text[],
        ${pipelines.map((p) => p.refKind)}::text[], ${pipelines.map((p) => p.sha)}::text[],
        ${pipelines.map((p) => p.source)}::text[], ${pipelines.map((p) => p.status)}::text[],
        ${pipelines.map((p) => p.name)}::text[], ${pipelines.map((p) => p.commitTitle)}::text[],
        ${pipelines.map((p) => p.commitAuthor)}::text[],
        ${pipelines.map((p) => p.createdAt.toISOString())}::timestamptz[],
        ${pipelines.map((p) => p.updatedAt.toISOString())}::timestamptz[],
        ${pipelines.map((p) => isoOrNull(p.startedAt))}::timestamptz[],
        ${pipelines.map((p) => isoOrNull(p.finishedAt))}::timestamptz[],
        ${pipelines.map((p) => p.duration)}::int[], ${pipelines.map((p) => p.queuedDuration)}::int[],
        ${pipelines.map((p) => p.timingsFromGitlab)}::bool[],
        ${pipelines.map((p) => p.coverage)}::float8[], ${pipelines.map((p) => p.webUrl)}::text[],
        ${pipelines.map((p) => p.mergeRequestIid)}::int[],
        ${pipelines.map((p) => (p.parentPipelineId === null ? null : String(p.parentPipelineId)))}::bigint[]
      ) AS u(id, iid, service_id, ref, ref_kind, sha, source, status, name, commit_title, commit_author,
        created_at, updated_at, started_at, finished_at, duration, queued_duration, timings_from_gitlab, coverage, web_url, merge_request_iid,
        parent_pipeline_id)
      ON CONFLICT (id) DO UPDATE SET
        status = EXCLUDED.status, ref_kind = EXCLUDED.ref_kind, name = EXCLUDED.name,
        commit_title = COALESCE(EXCLUDED.commit_title, pipeline.commit_title),
        commit_author = COALESCE(EXCLUDED.commit_author, pipeline.commit_author),
        updated_at = EXCLUDED.updated_at, started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at,
        duration = EXCLUDED.duration, queued_duration = EXCLUDED.queued_duration, timings_from_gitlab = EXCLUDED.timings_from_gitlab,
        coverage = EXCLUDED.coverage,
        web_url = EXCLUDED.web_url, merge_request_iid = EXCLUDED.merge_request_iid, synced_at = now(),
        parent_pipeline_id = COALESCE(EXCLUDED.parent_pipeline_id, pipeline.parent_pipeline_id)
      WHERE pipeline.updated_at <= EXCLUDED.updated_at`,
    ...(jobs.length
      ? [
          db.$executeRaw`
      INSERT INTO job (id, pipeline_id, service_id, stage, name, status, allow_failure, manual, retried, failure_reason,
        created_at, started_at, finished_at, duration, queued_duration, coverage, web_url, pipeline_created_at, ref_kind)
      SELECT u.id, u.pipeline_id, u.service_id, u.stage, u.name, u.status, u.allow_failure, u.manual, u.retried,
        u.failure_reason, u.created_at, u.started_at, u.finished_at, u.duration, u.queued_duration, u.coverage, u.web_url,
        u.pipeline_created_at, u.ref_kind::"RefKind"
      FROM unnest(
        ${ids(jobs.map((j) => j.id))}::bigint[], ${ids(jobs.map((j) => j.pipelineId))}::bigint[],
        ${jobs.map((j) => j.serviceId)}::int[], ${jobs.map((j) => j.stage)}::text[], ${jobs.map((j) => j.name)}::text[],
        ${jobs.map((j) => j.status)}::text[], ${jobs.map((j) => j.allowFailure)}::bool[],
        ${jobs.map((j) => j.manual)}::bool[], ${jobs.map((j) => j.retried)}::bool[],
        ${jobs.map((j) => j.failureReason)}::text[],
        ${jobs.map((j) => j.createdAt.toISOString())}::timestamptz[],
        ${jobs.map((j) => isoOrNull(j.startedAt))}::timestamptz[],
        ${jobs.map((j) => isoOrNull(j.finishedAt))}::timestamptz[],
        ${jobs.map((j) => j.duration)}::float8[], ${jobs.map((j) => j.queuedDuration)}::float8[],
        ${jobs.map((j) => j.coverage)}::float8[], ${jobs.map((j) => j.webUrl)}::text[],
        ${jobs.map((j) => j.pipelineCreatedAt.toISOString())}::timestamptz[], ${jobs.map((j) => j.refKind)}::text[]
      ) AS u(id, pipeline_id, service_id, stage, name, status, allow_failure, manual, retried, failure_reason, created_at,
        started_at, finished_at, duration, queued_duration, coverage, web_url, pipeline_created_at, ref_kind)
      ON CONFLICT (id) DO UPDATE SET
        stage = EXCLUDED.stage, name = EXCLUDED.name, status = EXCLUDED.status, allow_failure = EXCLUDED.allow_failure,
        manual = EXCLUDED.manual, retried = EXCLUDED.retried, failure_reason = EXCLUDED.failure_reason,
        started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at, duration = EXCLUDED.duration,
        queued_duration = EXCLUDED.queued_duration, coverage = EXCLUDED.coverage, web_url = EXCLUDED.web_url`,
        ]
      : []),
    ...(stages.length
      ? [
          db.$executeRaw`
      INSERT INTO stage_result (pipeline_id, stage, position, status, started_at, finished_at)
      SELECT * FROM unnest(
        ${ids(stages.map((s) => s.pipelineId))}::bigint[], ${stages.map((s) => s.stage)}::text[],
        ${stages.map((s) => s.position)}::int[], ${stages.map((s) => s.status)}::text[],
        ${stages.map((s) => isoOrNull(s.startedAt))}::timestamptz[],
        ${stages.map((s) => isoOrNull(s.finishedAt))}::timestamptz[]
      )
      ON CONFLICT (pipeline_id, stage) DO UPDATE SET
        position = EXCLUDED.position, status = EXCLUDED.status,
        started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at`,
        ]
      : []),
    ...(bridges.length
      ? [
          db.$executeRaw`
      INSERT INTO bridge (id, pipeline_id, stage, name, status, allow_failure, retried, created_at, started_at, finished_at,
        duration, queued_duration, web_url, downstream_pipeline_id, downstream_project_id, downstream_status, downstream_web_url)
      SELECT * FROM unnest(
        ${ids(bridges.map((b) => b.id))}::bigint[], ${ids(bridges.map((b) => b.pipelineId))}::bigint[],
        ${bridges.map((b) => b.stage)}::text[], ${bridges.map((b) => b.name)}::text[], ${bridges.map((b) => b.status)}::text[],
        ${bridges.map((b) => b.allowFailure)}::bool[], ${bridges.map((b) => b.retried)}::bool[],
        ${bridges.map((b) => b.createdAt.toISOString())}::timestamptz[],
        ${bridges.map((b) => isoOrNull(b.startedAt))}::timestamptz[], ${bridges.map((b) => isoOrNull(b.finishedAt))}::timestamptz[],
        ${bridges.map((b) => b.duration)}::float8[], ${bridges.map((b) => b.queuedDuration)}::float8[],
        ${bridges.map((b) => b.webUrl)}::text[],
        ${bridges.map((b) => (b.downstreamPipelineId === null ? null : String(b.downstreamPipelineId)))}::bigint[],
        ${bridges.map((b) => b.downstreamProjectId)}::int[], ${bridges.map((b) => b.downstreamStatus)}::text[],
        ${bridges.map((b) => b.downstreamWebUrl)}::text[]
      )
      ON CONFLICT (id) DO UPDATE SET
        stage = EXCLUDED.stage, name = EXCLUDED.name, status = EXCLUDED.status, allow_failure = EXCLUDED.allow_failure,
        retried = EXCLUDED.retried, started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at,
        duration = EXCLUDED.duration, queued_duration = EXCLUDED.queued_duration, web_url = EXCLUDED.web_url,
        downstream_pipeline_id = COALESCE(EXCLUDED.downstream_pipeline_id, bridge.downstream_pipeline_id),
        downstream_project_id = COALESCE(EXCLUDED.downstream_project_id, bridge.downstream_project_id),
        downstream_status = COALESCE(EXCLUDED.downstream_status, bridge.downstream_status),
        downstream_web_url = COALESCE(EXCLUDED.downstream_web_url, bridge.downstream_web_url)`,
        ]
      : []),
  ]);
}

/** The parents of the given child pipelines, by the stored trigger jobs that started them. */
export async function storedParents(db: Db, childIds: readonly number[]): Promise<Map<number, number>> {
  if (childIds.length === 0) return new Map();
  const rows = await db.$queryRaw<{ child: bigint; parent: bigint }[]>`
    SELECT downstream_pipeline_id AS child, pipeline_id AS parent FROM bridge
    WHERE downstream_pipeline_id = ANY(${ids([...childIds])}::bigint[])`;
  return new Map(rows.map((r) => [Number(r.child), Number(r.parent)]));
}

/** Whether any stored pipeline of the service has a trigger job or is a child pipeline. */
export async function hasStoredTriggers(db: Db, serviceId: number): Promise<boolean> {
  const [row] = await db.$queryRaw<{ found: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM pipeline WHERE service_id = ${serviceId} AND parent_pipeline_id IS NOT NULL)
        OR EXISTS (SELECT 1 FROM bridge b JOIN pipeline p ON p.id = b.pipeline_id WHERE p.service_id = ${serviceId}) AS found`;
  return row?.found ?? false;
}

/** GitLab's updated_at and status of the given pipelines as stored, to skip unchanged ones. */
export async function storedVersions(db: Db, pipelineIds: readonly number[]): Promise<Map<number, { updatedAt: number; status: string }>> {
  if (pipelineIds.length === 0) return new Map();
  const rows = await db.$queryRaw<{ id: bigint; updated_at: Date; status: string }[]>`
    SELECT id, updated_at, status FROM pipeline WHERE id = ANY(${ids([...pipelineIds])}::bigint[])`;
  return new Map(rows.map((r) => [Number(r.id), { updatedAt: r.updated_at.getTime(), status: r.status }]));
}

/** Pipelines of a service still under way, whose jobs must be re-read even if GitLab's list says nothing. */
export async function activePipelines(db: Db, serviceId: number): Promise<{ id: number }[]> {
  const rows = await db.pipeline.findMany({
    where: { serviceId, status: { in: [...UNDER_WAY_STATUSES] } },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => ({ id: Number(r.id) }));
}
