import type { Db } from "@/lib/platform/db/client";

/**
 * Every stored pipeline, job and stage result as JSON, with the database's own ids (service id, sync
 * time) replaced by what is comparable across databases, to prove two sync paths stored the same rows.
 */
export async function syncedRows(db: Db): Promise<{ pipelines: unknown[]; jobs: unknown[]; stages: unknown[] }> {
  const pipelines = await db.$queryRaw<{ row: unknown }[]>`
    SELECT (to_jsonb(p) - 'synced_at' - 'service_id') || jsonb_build_object('service', s.name) AS row
    FROM pipeline p JOIN service s ON s.id = p.service_id ORDER BY p.id`;
  const jobs = await db.$queryRaw<{ row: unknown }[]>`
    SELECT (to_jsonb(j) - 'service_id') || jsonb_build_object('service', s.name) AS row
    FROM job j JOIN service s ON s.id = j.service_id ORDER BY j.id`;
  const stages = await db.$queryRaw<{ row: unknown }[]>`SELECT to_jsonb(st) AS row FROM stage_result st ORDER BY pipeline_id, position`;
  return { pipelines: pipelines.map((r) => r.row), jobs: jobs.map((r) => r.row), stages: stages.map((r) => r.row) };
}

/** Rows that appear more than once for one key: pipelines and jobs by id, scan reports by (job, artifact). */
export async function duplicateRows(db: Db): Promise<number> {
  const rows = await db.$queryRaw<{ n: bigint }[]>`
    SELECT (SELECT count(*) FROM (SELECT id FROM pipeline GROUP BY id HAVING count(*) > 1) a)
         + (SELECT count(*) FROM (SELECT id FROM job GROUP BY id HAVING count(*) > 1) b)
         + (SELECT count(*) FROM (SELECT job_id, artifact FROM scan_report GROUP BY job_id, artifact HAVING count(*) > 1) c) AS n`;
  return Number(rows[0]?.n ?? 0);
}
