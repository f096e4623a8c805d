import { Prisma } from "@/lib/platform/db/generated/client";

/*
 * The flake rule of lib/domain/metrics/flakes.ts in SQL, for queries that aggregate many pipelines:
 * the (pipeline, job name) pairs whose final attempt succeeded after a retried attempt failed.
 * It starts from the failed retried attempts, which are few, and probes each pipeline's final
 * attempt. `pipelines` selects the pipeline ids in scope; `jobs` may narrow the retried attempts
 * (alias `r`) to an index range, e.g. by service and creation time.
 */
export function flakyPairs(scope: { pipelines: Prisma.Sql; jobs?: Prisma.Sql }): Prisma.Sql {
  const narrow = scope.jobs ? Prisma.sql`AND ${scope.jobs}` : Prisma.empty;
  return Prisma.sql`
    SELECT DISTINCT r.service_id, r.pipeline_id, r.name
    FROM job r
    JOIN job f ON f.pipeline_id = r.pipeline_id AND f.name = r.name AND NOT f.retried AND f.status = 'success'
    WHERE r.retried AND r.status = 'failed' AND r.pipeline_id IN (${scope.pipelines}) ${narrow}`;
}

/** The rule's "ran" for a job row aliased `j`: its final attempt succeeded or failed. */
export const FINAL_RUN = Prisma.sql`NOT j.retried AND j.status IN ('success', 'failed')`;
