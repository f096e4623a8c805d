import type { Db } from "@/lib/platform/db/client";
import { SCAN_TOOLS } from "@/lib/domain/cwiq";

/*
 * New and fixed, per main run and tool: each main run's ok report is compared with the previous
 * main run's ok report of the same tool (runs whose artifact was unavailable or broken are
 * skipped, not taken as clean). Reports arrive in any order during a backfill, so a report is
 * compared again whenever its predecessor changes. Then each finding's state follows the latest
 * main report: open while it is there; otherwise fixed by the first main run after its last
 * appearance.
 */

const TOOLS = [...SCAN_TOOLS];

export async function compareMainRuns(db: Db, serviceId: number): Promise<number> {
  const targets = await db.$queryRaw<{ id: bigint; prevId: bigint | null }[]>`
    SELECT id, prev_id AS "prevId" FROM (
      SELECT id, previous_report_id, compared_at,
             lag(id) OVER (PARTITION BY tool ORDER BY pipeline_created_at, id) AS prev_id
      FROM scan_report
      WHERE service_id = ${serviceId} AND ref_kind = 'MAIN' AND status = 'ok' AND tool = ANY(${TOOLS}::text[])
    ) ordered
    WHERE compared_at IS NULL OR previous_report_id IS DISTINCT FROM prev_id`;
  if (targets.length === 0) return 0;

  const reportIds = targets.map((t) => String(t.id));
  const prevIds = targets.map((t) => (t.prevId === null ? null : String(t.prevId)));
  await db.$transaction([
    db.$executeRaw`
      UPDATE finding_occurrence o
      SET is_new = t.prev_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM finding_occurrence p WHERE p.report_id = t.prev_id AND p.finding_id = o.finding_id)
      FROM unnest(${reportIds}::bigint[], ${prevIds}::bigint[]) AS t(id, prev_id)
      WHERE o.report_id = t.id`,
    db.$executeRaw`
      UPDATE scan_report r
      SET previous_report_id = t.prev_id,
          compared_at = now(),
          new_count = CASE WHEN t.prev_id IS NULL THEN NULL ELSE
            (SELECT count(*) FROM finding_occurrence o WHERE o.report_id = r.id AND o.is_new) END,
          fixed_count = CASE WHEN t.prev_id IS NULL THEN NULL ELSE
            (SELECT count(*) FROM finding_occurrence p WHERE p.report_id = t.prev_id AND NOT EXISTS (
              SELECT 1 FROM finding_occurrence o WHERE o.report_id = r.id AND o.finding_id = p.finding_id)) END
      FROM unnest(${reportIds}::bigint[], ${prevIds}::bigint[]) AS t(id, prev_id)
      WHERE r.id = t.id`,
  ]);
  await refreshFindingStates(db, serviceId);
  return targets.length;
}

/** Open / fixed for every finding of the service that ever appeared on main. */
async function refreshFindingStates(db: Db, serviceId: number): Promise<void> {
  await db.$executeRaw`
    WITH mains AS (
      SELECT id, tool, pipeline_id, pipeline_created_at FROM scan_report
      WHERE service_id = ${serviceId} AND ref_kind = 'MAIN' AND status = 'ok' AND tool = ANY(${TOOLS}::text[])
    ),
    latest AS (
      SELECT DISTINCT ON (tool) id FROM mains ORDER BY tool, pipeline_created_at DESC, id DESC
    ),
    last_main AS (
      SELECT o.finding_id, max(m.pipeline_created_at) AS at, bool_or(o.report_id IN (SELECT id FROM latest)) AS open
      FROM finding_occurrence o JOIN mains m ON m.id = o.report_id
      GROUP BY o.finding_id
    ),
    state AS (
      SELECT lm.finding_id, lm.open, fix.pipeline_created_at AS fixed_at, fix.pipeline_id AS fixed_pipeline_id
      FROM last_main lm
      JOIN finding f ON f.id = lm.finding_id
      LEFT JOIN LATERAL (
        SELECT m.pipeline_created_at, m.pipeline_id FROM mains m
        WHERE NOT lm.open AND m.tool = f.tool AND m.pipeline_created_at > lm.at
        ORDER BY m.pipeline_created_at, m.id LIMIT 1
      ) fix ON true
    )
    UPDATE finding f
    SET open = s.open, fixed_at = s.fixed_at, fixed_pipeline_id = s.fixed_pipeline_id
    FROM state s
    WHERE f.id = s.finding_id
      AND (f.open IS DISTINCT FROM s.open OR f.fixed_at IS DISTINCT FROM s.fixed_at)`;
}
