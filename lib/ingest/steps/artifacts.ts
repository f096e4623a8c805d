import { ARTIFACTS, type ArtifactSpec, type ArtifactTool } from "@/lib/domain/cwiq";
import type { Db } from "@/lib/platform/db/client";
import { DEFAULT_MAX_ARTIFACT_BYTES, parseArtifact, tooLargeMessage } from "@/lib/upstream/artifacts";
import { UpstreamError } from "@/lib/upstream/transport";
import type { ProjectTarget, SyncContext } from "../context";
import { compareMainRuns } from "../store/scan-compare";
import { storeArtifact, type FetchedArtifact, type PendingArtifact } from "../store/scans";

/*
 * Artifacts of finished jobs, newest pipelines first, a bounded number per project and cycle so a
 * backfill catches up over a few cycles without holding up pipeline data. Each artifact is fetched
 * once: a 404 is stored as "unavailable", a malformed or oversized file as "error" with the
 * parser's message (fetched again in later cycles, a few times, in case the download was cut off). A request that fails for a passing reason (timeouts, 5xx, 429 after retries)
 * stores nothing, so the next cycle asks again; the cycle still stores every other artifact.
 */

export const DEFAULT_ARTIFACT_BUDGET = 200;
/** A download cut off mid-way parses as malformed too: a broken report is fetched again, this often in all. */
export const MAX_ERROR_ATTEMPTS = 3;

/**
 * Final attempts that finished (scanners exit non-zero when they find something, yet write their
 * report), for each artifact of the configured table (SCAN_ARTIFACTS).
 */
async function pendingArtifacts(db: Db, serviceId: number, table: readonly ArtifactSpec[], limit: number): Promise<PendingArtifact[]> {
  const jobs = table.map((a) => a.job);
  const files = table.map((a) => a.file);
  const tools = table.map((a) => a.tool);
  return db.$queryRaw<PendingArtifact[]>`
    SELECT j.id AS "jobId", j.pipeline_id AS "pipelineId", j.service_id AS "serviceId", p.created_at AS "pipelineCreatedAt",
           p.ref_kind::text AS "refKind", a.artifact, a.tool
    FROM job j
    JOIN unnest(${jobs}::text[], ${files}::text[], ${tools}::text[]) AS a(job, artifact, tool) ON a.job = j.name
    JOIN pipeline p ON p.id = j.pipeline_id
    WHERE j.service_id = ${serviceId} AND NOT j.retried AND j.status IN ('success', 'failed')
      AND NOT EXISTS (
        SELECT 1 FROM scan_report r WHERE r.job_id = j.id AND r.artifact = a.artifact
          AND (r.status <> 'error' OR r.attempts >= ${MAX_ERROR_ATTEMPTS}))
    ORDER BY p.created_at DESC, j.id DESC
    LIMIT ${limit}`;
}

export interface ArtifactFillResult {
  stored: number;
  /** Artifacts asked for this cycle. */
  taken: number;
  /** The first passing failure, to record on the sync state after everything else was stored. */
  error?: unknown;
}

export async function fillArtifacts(ctx: SyncContext, project: ProjectTarget, budget: number): Promise<ArtifactFillResult> {
  const { serviceId, projectId } = project;
  const maxBytes = ctx.maxArtifactBytes ?? DEFAULT_MAX_ARTIFACT_BYTES;
  const pending = await pendingArtifacts(ctx.db, serviceId, ctx.artifacts ?? ARTIFACTS, budget);
  if (pending.length === 0) return { stored: 0, taken: 0 };

  const outcomes = await Promise.allSettled(
    pending.map((item) =>
      ctx.limit(async () => {
        const fetched = await fetchArtifact(ctx, projectId, item, maxBytes);
        await storeArtifact(ctx.db, item, fetched);
      }),
    ),
  );
  const failures = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected").map((o) => o.reason as unknown);
  const stored = outcomes.length - failures.length;
  if (stored > 0) await compareMainRuns(ctx.db, serviceId);
  // A rejected token or a stop ends the cycle like any other request; passing failures wait for the next one.
  const fatal = failures.find((e) => e instanceof UpstreamError && (e.kind === "auth" || e.kind === "aborted"));
  if (fatal) throw fatal;
  const taken = pending.length;
  return failures.length > 0 ? { stored, taken, error: failures[0] } : { stored, taken };
}

async function fetchArtifact(
  ctx: SyncContext,
  projectId: number,
  item: PendingArtifact,
  maxBytes: number,
): Promise<FetchedArtifact> {
  const tool: ArtifactTool = item.tool;
  const answer = await ctx.gitlab.getJobArtifact(projectId, Number(item.jobId), item.artifact, maxBytes);
  if (answer.status === "not_found") {
    return { status: "unavailable", message: "GitLab has no such artifact for this job (expired, erased, or kept only as a report)" };
  }
  if (answer.status === "too_large") {
    return { status: "parsed", result: { status: "error", tool, message: tooLargeMessage(answer.size, maxBytes) } };
  }
  return { status: "parsed", result: await parseArtifact({ bytes: answer.bytes, name: item.artifact, tool, maxBytes }) };
}
