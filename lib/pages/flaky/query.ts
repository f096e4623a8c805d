import "server-only";
import { DAY_MS } from "@/lib/domain/time";
import { Prisma, type Db } from "@/lib/platform/db/client";
import { FINAL_RUN, flakyPairs } from "@/lib/domain/metrics/flakes-sql";
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
 * Per (service, job name) over the window's pipelines, by the shared flake rule (lib/domain/metrics/flakes-sql.ts):
 * the pipelines where the job ran, and those where it failed and then passed on retry. Only jobs
 * with at least one flaky pipeline are returned.
 */
export async function getFlakyJobs(db: Db, options: FlakyJobsOptions = {}): Promise<FlakyJobsData> {
  const days = Math.max(1, Math.min(365, Math.floor(options.days ?? DEFAULT_FLAKY_DAYS)));
  const now = options.now ?? new Date();
  const since = new Date(now.getTime() - days * DAY_MS);
  const inWindow = Prisma.sql`SELECT p.id FROM pipeline p WHERE p.created_at >= ${since} AND p.created_at <= ${now}`;
  const rows = await db.$queryRaw<Row[]>`
    WITH flaky AS (
      SELECT fp.service_id, fp.name, p.id AS pipeline_id, p.created_at
      FROM (${flakyPairs({ pipelines: inWindow, jobs: Prisma.sql`r.created_at >= ${since}` })}) fp
      JOIN pipeline p ON p.id = fp.pipeline_id
    ),
    flaky_jobs AS (
      SELECT service_id, name, count(*) AS flaky_pipelines,
             (array_agg(pipeline_id ORDER BY created_at DESC, pipeline_id DESC))[1] AS latest_flaky_id,
             max(created_at) AS latest_flaky_at
      FROM flaky GROUP BY service_id, name
    ),
    runs AS (
      SELECT j.service_id, j.name, count(*) AS pipelines,
             (array_agg(j.stage ORDER BY j.created_at DESC, j.id DESC))[1] AS stage
      FROM job j
      JOIN flaky_jobs fj ON fj.service_id = j.service_id AND fj.name = j.name
      WHERE ${FINAL_RUN} AND j.created_at >= ${since} AND j.pipeline_id IN (${inWindow})
      GROUP BY j.service_id, j.name
    )
    SELECT s.name AS service, fj.name AS "jobName", r.stage, r.pipelines, fj.flaky_pipelines AS "flakyPipelines",
           fj.latest_flaky_id AS "latestFlakyPipelineId", fj.latest_flaky_at AS "latestFlakyAt"
    FROM flaky_jobs fj
    JOIN runs r ON r.service_id = fj.service_id AND r.name = fj.name
    JOIN service s ON s.id = fj.service_id
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
