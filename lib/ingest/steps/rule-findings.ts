import { PIPELINE_RULES, brokenRules } from "@/lib/domain/branch-rules/compliance";
import { integrityIssues } from "@/lib/domain/branch-rules/integrity";
import { DEV_ENVIRONMENT, IMAGE_JOBS } from "@/lib/domain/cwiq";
import type { Db } from "@/lib/platform/db/client";
import type { CursorHandle } from "../cursors";
import { refreshDeploymentVerify } from "../store/deployments";

/** Pipelines judged per cycle at most; a backfill catches up over a few cycles. */
export const FINDINGS_BATCH = 5000;

interface Finding {
  pipelineId: bigint;
  rule: string;
  message: string;
  createdAt: Date;
}

/**
 * Judges the pipelines stored since the last pass (by synced_at) against the branch rules and the
 * image integrity checks, and replaces their findings; brings the deployments' verify-dev outcome up
 * to date. Database only: no GitLab request.
 */
export async function refreshPipelineFindings(db: Db, serviceId: number, findingsCursor: CursorHandle): Promise<number> {
  const cursor = findingsCursor.value.position;
  await refreshDeploymentVerify(db, serviceId, cursor);
  // gte: rows stored in one statement share synced_at; judging a few twice is harmless. The rules are
  // the templates' for the service's own pipelines, not for the child pipelines their trigger jobs start.
  const pipelines = await db.pipeline.findMany({
    where: { serviceId, parentPipelineId: null, ...(cursor ? { syncedAt: { gte: cursor } } : {}) },
    select: { id: true, ref: true, refKind: true, sha: true, createdAt: true, syncedAt: true },
    orderBy: { syncedAt: "asc" },
    take: FINDINGS_BATCH,
  });
  if (pipelines.length === 0) return 0;
  // Only the rows the last pass ended on: nothing was stored since.
  if (cursor && pipelines.every((p) => p.syncedAt.getTime() === cursor.getTime())) return 0;
  const last = pipelines[pipelines.length - 1]?.syncedAt ?? null;

  const ids = pipelines.map((p) => p.id);
  const jobs = await db.job.findMany({
    where: { pipelineId: { in: ids } },
    select: { pipelineId: true, name: true, stage: true, status: true, manual: true, allowFailure: true, retried: true, startedAt: true, finishedAt: true },
    orderBy: { id: "asc" },
  });
  const byPipeline = new Map<bigint, typeof jobs>();
  for (const j of jobs) {
    const list = byPipeline.get(j.pipelineId);
    if (list) list.push(j);
    else byPipeline.set(j.pipelineId, [j]);
  }

  const findings: Finding[] = pipelines.flatMap((p) => {
    const all = byPipeline.get(p.id) ?? [];
    const latest = all.filter((j) => !j.retried);
    const rules = brokenRules({ refKind: p.refKind, ref: p.ref, jobs: latest }).map((rule) => ({
      pipelineId: p.id,
      rule,
      message: PIPELINE_RULES[rule],
      createdAt: p.createdAt,
    }));
    const integrity = integrityIssues({
      ref: p.ref,
      sha: p.sha,
      // IMAGE_TAG is compared when the page is read: it may be stored after the pipeline.
      imageTag: null,
      jobs: all
        .filter((j) => IMAGE_JOBS.includes(j.name))
        .map((j) => ({ name: j.name, status: j.status, startedAt: j.startedAt?.getTime() ?? null, finishedAt: j.finishedAt?.getTime() ?? null })),
      deployedShas: [],
    }).map((issue) => ({ pipelineId: p.id, rule: issue.kind, message: `Image integrity: ${issue.message}`, createdAt: p.createdAt }));
    // One row per rule: several stale jobs make one finding naming them all.
    const merged = new Map<string, Finding>();
    for (const f of [...rules, ...integrity]) {
      const known = merged.get(f.rule);
      merged.set(f.rule, known ? { ...known, message: `${known.message}; ${f.message.replace(/^Image integrity: /, "")}` } : f);
    }
    return [...merged.values()];
  });

  await db.$transaction([
    db.pipelineFinding.deleteMany({ where: { pipelineId: { in: ids } } }),
    db.pipelineFinding.createMany({ data: findings.map((f) => ({ ...f, serviceId })) }),
    recordOlderPipelineDeploys(db, serviceId),
  ]);
  await findingsCursor.save({ position: last });
  return findings.length;
}

export const OLDER_PIPELINE_RULE = "older-pipeline";

/**
 * Main deployments that put an older pipeline on dev than one deployed before them (GitLab pipeline
 * ids grow with creation), as findings dated by the deploy. A re-run deploy re-syncs its pipeline, so
 * this runs whenever a pass judged something.
 */
function recordOlderPipelineDeploys(db: Db, serviceId: number) {
  return db.$executeRaw`
    INSERT INTO pipeline_finding (pipeline_id, rule, service_id, message, created_at)
    SELECT w.pipeline_id, ${OLDER_PIPELINE_RULE}, ${serviceId}::int,
      'Deploy of an older pipeline: a newer main pipeline had already been deployed to dev', max(w.created_at)
    FROM (
      SELECT d.pipeline_id, d.created_at,
        max(d.pipeline_id) OVER (ORDER BY d.created_at, d.id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS newest_before
      FROM deployment d
      WHERE d.service_id = ${serviceId}::int AND d.environment = ${DEV_ENVIRONMENT} AND d.status = 'success' AND d.ref = 'main'
    ) w
    WHERE w.pipeline_id < w.newest_before AND EXISTS (SELECT 1 FROM pipeline p WHERE p.id = w.pipeline_id)
    GROUP BY w.pipeline_id
    ON CONFLICT (pipeline_id, rule) DO UPDATE SET created_at = EXCLUDED.created_at`;
}
