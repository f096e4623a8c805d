import "server-only";
import type { Db } from "@/lib/db/client";
import type { FlakyJob, FlakyJobsData } from "./types";

export interface FlakyJobsOptions {
  /** Look-back window in days, counted from `now` by pipeline creation time. Default 30. */
  days?: number;
  now?: Date;
}

export const DEFAULT_FLAKY_DAYS = 30;
export const FLAKY_DAY_CHOICES = [7, 30, 90] as const;

interface Row {
  service: string;
  jobName: string;
  stage: string;
  pipelines: bigint;
  flakyPipelines: bigint;
  latestFlakyPipelineId: bigint;
  latestFlakyAt: Date;
}

/*
 * Per (pipeline, job name): whether the job ran, and whether a successful attempt came after a
 * failed one (attempts ordered by creation time, then GitLab job id). Then per (service, job name)
 * across the window's pipelines; only jobs with at least one flaky pipeline are returned.
 */
export async function getFlakyJobs(db: Db, options: FlakyJobsOptions = {}): Promise<FlakyJobsData> {
  const days = Math.max(1, Math.min(365, Math.floor(options.days ?? DEFAULT_FLAKY_DAYS)));
  const now = options.now ?? new Date();
  const since = new Date(now.getTime() - days * 86_400_000);
  const rows = await db.$queryRaw<Row[]>`
    WITH attempts AS (
      SELECT j.service_id, j.pipeline_id, j.name, j.stage, j.status, j.created_at, j.id, p.created_at AS pipeline_created_at,
             coalesce(bool_or(j.status = 'failed') OVER (
               PARTITION BY j.pipeline_id, j.name ORDER BY j.created_at, j.id
               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
             ), false) AS failed_before
      FROM pipeline p
      JOIN job j ON j.pipeline_id = p.id
      WHERE p.created_at >= ${since} AND p.created_at <= ${now}
    ),
    per_pipeline AS (
      SELECT service_id, pipeline_id, name, pipeline_created_at,
             bool_or(status IN ('success', 'failed', 'canceled', 'running')) AS ran,
             bool_or(status = 'success' AND failed_before) AS flaky,
             (array_agg(stage ORDER BY created_at DESC, id DESC))[1] AS stage
      FROM attempts
      GROUP BY service_id, pipeline_id, name, pipeline_created_at
    ),
    per_job AS (
      SELECT service_id, name,
             count(*) FILTER (WHERE ran) AS pipelines,
             count(*) FILTER (WHERE flaky) AS flaky_pipelines,
             (array_agg(pipeline_id ORDER BY pipeline_created_at DESC, pipeline_id DESC) FILTER (WHERE flaky))[1] AS latest_flaky_id,
             max(pipeline_created_at) FILTER (WHERE flaky) AS latest_flaky_at,
             (array_agg(stage ORDER BY pipeline_created_at DESC, pipeline_id DESC))[1] AS stage
      FROM per_pipeline
      GROUP BY service_id, name
    )
    SELECT s.name AS service, pj.name AS "jobName", pj.stage, pj.pipelines, pj.flaky_pipelines AS "flakyPipelines",
           pj.latest_flaky_id AS "latestFlakyPipelineId", pj.latest_flaky_at AS "latestFlakyAt"
    FROM per_job pj
    JOIN service s ON s.id = pj.service_id
    WHERE pj.flaky_pipelines > 0
  `;
  const jobs: FlakyJob[] = rows.map((r) => {
    const pipelines = Number(r.pipelines);
    const flakyPipelines = Number(r.flakyPipelines);
    return {
      service: r.service,
      jobName: r.jobName,
      stage: r.stage,
      pipelines,
      flakyPipelines,
      // A flaky pipeline always ran the job (it has a success), so pipelines >= flakyPipelines > 0.
      flakeRate: pipelines > 0 ? flakyPipelines / pipelines : 0,
      latestFlakyPipelineId: Number(r.latestFlakyPipelineId),
      latestFlakyAt: r.latestFlakyAt.toISOString(),
    };
  });
  jobs.sort(
    (a, b) =>
      b.flakeRate - a.flakeRate ||
      b.flakyPipelines - a.flakyPipelines ||
      a.service.localeCompare(b.service) ||
      a.jobName.localeCompare(b.jobName),
  );
  return { generatedAt: now.toISOString(), days, jobs };
}
