import { DEV_DELIVERY_JOBS } from "@/lib/domain/cwiq";
import type { Db } from "@/lib/platform/db/client";
import type { GitlabDeployment } from "@/lib/upstream/gitlab/schemas";

const FINISHED = new Set(["success", "failed", "canceled"]);
const ids = (values: readonly number[]) => values.map(String);
const iso = (v: string | null | undefined) => (v ? new Date(v).toISOString() : null);

export interface DeploymentRow {
  id: number;
  iid: number;
  environment: string;
  status: string;
  ref: string;
  sha: string;
  jobId: number | null;
  jobStatus: string | null;
  allowFailure: boolean;
  pipelineId: number | null;
  commitTitle: string | null;
  commitCreatedAt: string | null;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** A deployment with what Stageboard keeps of its deployable (the deploy job, its pipeline and commit). */
export function deploymentRow(d: GitlabDeployment): DeploymentRow {
  const job = d.deployable;
  return {
    id: d.id,
    iid: d.iid,
    environment: d.environment.name,
    status: d.status,
    ref: d.ref,
    sha: d.sha,
    jobId: job?.id ?? null,
    jobStatus: job?.status ?? null,
    allowFailure: job?.allow_failure ?? false,
    pipelineId: job?.pipeline?.id ?? null,
    commitTitle: job?.commit?.title ?? null,
    commitCreatedAt: iso(job?.commit?.created_at),
    createdAt: iso(d.created_at) ?? d.created_at,
    updatedAt: iso(d.updated_at) ?? d.updated_at,
    startedAt: iso(job?.started_at),
    // Older GitLab versions omit finished_at on deployments; the job's is the same moment.
    finishedAt: iso(d.finished_at) ?? (FINISHED.has(d.status) ? iso(job?.finished_at) : null),
  };
}

/** Idempotent bulk upsert keyed by the GitLab id; an older answer never overwrites a newer one. */
export async function storeDeployments(db: Db, serviceId: number, rows: readonly DeploymentRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.$executeRaw`
    INSERT INTO deployment (id, iid, service_id, environment, status, ref, sha, job_id, job_status, allow_failure, pipeline_id,
      commit_title, commit_created_at, created_at, updated_at, started_at, finished_at, synced_at)
    SELECT u.id, u.iid, ${serviceId}::int, u.environment, u.status, u.ref, u.sha, u.job_id, u.job_status, u.allow_failure, u.pipeline_id,
      u.commit_title, u.commit_created_at, u.created_at, u.updated_at, u.started_at, u.finished_at, now()
    FROM unnest(
      ${ids(rows.map((r) => r.id))}::bigint[], ${rows.map((r) => r.iid)}::int[], ${rows.map((r) => r.environment)}::text[],
      ${rows.map((r) => r.status)}::text[], ${rows.map((r) => r.ref)}::text[], ${rows.map((r) => r.sha)}::text[],
      ${rows.map((r) => (r.jobId === null ? null : String(r.jobId)))}::bigint[], ${rows.map((r) => r.jobStatus)}::text[],
      ${rows.map((r) => r.allowFailure)}::bool[], ${rows.map((r) => (r.pipelineId === null ? null : String(r.pipelineId)))}::bigint[],
      ${rows.map((r) => r.commitTitle)}::text[], ${rows.map((r) => r.commitCreatedAt)}::timestamptz[],
      ${rows.map((r) => r.createdAt)}::timestamptz[], ${rows.map((r) => r.updatedAt)}::timestamptz[],
      ${rows.map((r) => r.startedAt)}::timestamptz[], ${rows.map((r) => r.finishedAt)}::timestamptz[]
    ) AS u(id, iid, environment, status, ref, sha, job_id, job_status, allow_failure, pipeline_id,
      commit_title, commit_created_at, created_at, updated_at, started_at, finished_at)
    ON CONFLICT (id) DO UPDATE SET
      status = EXCLUDED.status, job_status = EXCLUDED.job_status, allow_failure = EXCLUDED.allow_failure,
      commit_title = COALESCE(EXCLUDED.commit_title, deployment.commit_title),
      commit_created_at = COALESCE(EXCLUDED.commit_created_at, deployment.commit_created_at),
      updated_at = EXCLUDED.updated_at, started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at, synced_at = now()
    WHERE deployment.updated_at <= EXCLUDED.updated_at`;
}

/**
 * Records on each successful deployment the verify-dev attempt that followed it (the first of its
 * pipeline created with or after the deploy job), for deployments or pipelines stored since `since`
 * (all when null), so the delivery figures read one row per deployment.
 */
export async function refreshDeploymentVerify(db: Db, serviceId: number, since: Date | null): Promise<number> {
  return db.$executeRaw`
    UPDATE deployment d SET verify_status = v.status, verify_finished_at = v.finished_at
    FROM deployment d2
    LEFT JOIN LATERAL (
      SELECT j.status, j.finished_at FROM job j
      WHERE j.pipeline_id = d2.pipeline_id AND j.name = ${DEV_DELIVERY_JOBS.verify}
        AND j.created_at >= COALESCE((SELECT dj.created_at FROM job dj WHERE dj.id = d2.job_id), d2.created_at)
      ORDER BY j.created_at, j.id LIMIT 1
    ) v ON true
    WHERE d.id = d2.id AND d2.service_id = ${serviceId} AND d2.status = 'success'
      AND (${since}::timestamptz IS NULL OR d2.synced_at >= ${since}::timestamptz
        OR d2.pipeline_id IN (SELECT p.id FROM pipeline p WHERE p.service_id = ${serviceId} AND p.synced_at >= ${since}::timestamptz))
      AND (d.verify_status IS DISTINCT FROM v.status OR d.verify_finished_at IS DISTINCT FROM v.finished_at)`;
}
