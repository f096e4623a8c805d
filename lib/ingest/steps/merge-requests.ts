import type { Db } from "@/lib/platform/db/client";
import type { GitlabMergeRequest } from "@/lib/upstream/gitlab/schemas";
import { UpstreamError } from "@/lib/upstream/transport";
import type { ProjectTarget, SyncContext } from "../context";

export const DEFAULT_MERGE_REQUEST_BUDGET = 50;

/*
 * The merge requests that merge-request pipelines ran for: asked for when a pipeline of one is stored
 * after the merge request was last read (a new pipeline may come with a new title), newest first and a
 * bounded number per cycle. Nothing new costs no request.
 */

const UNKNOWN: Omit<GitlabMergeRequest, "iid"> = { title: "", state: "not_found", source_branch: "", target_branch: "", web_url: "" };

async function mergeRequestsToRead(db: Db, serviceId: number, limit: number): Promise<number[]> {
  const rows = await db.$queryRaw<{ iid: number }[]>`
    SELECT p.merge_request_iid AS iid FROM pipeline p
    LEFT JOIN merge_request m ON m.service_id = p.service_id AND m.iid = p.merge_request_iid
    WHERE p.service_id = ${serviceId} AND p.merge_request_iid IS NOT NULL AND (m.iid IS NULL OR p.synced_at > m.synced_at)
    GROUP BY p.merge_request_iid
    ORDER BY max(p.created_at) DESC
    LIMIT ${limit}`;
  return rows.map((r) => r.iid);
}

async function storeMergeRequests(db: Db, serviceId: number, rows: readonly GitlabMergeRequest[]): Promise<void> {
  if (rows.length === 0) return;
  await db.$executeRaw`
    INSERT INTO merge_request (service_id, iid, title, state, source_branch, target_branch, web_url, synced_at)
    SELECT ${serviceId}::int, u.iid, u.title, u.state, u.source_branch, u.target_branch, u.web_url, now()
    FROM unnest(${rows.map((r) => r.iid)}::int[], ${rows.map((r) => r.title)}::text[], ${rows.map((r) => r.state)}::text[],
      ${rows.map((r) => r.source_branch)}::text[], ${rows.map((r) => r.target_branch)}::text[], ${rows.map((r) => r.web_url)}::text[])
      AS u(iid, title, state, source_branch, target_branch, web_url)
    ON CONFLICT (service_id, iid) DO UPDATE SET title = EXCLUDED.title, state = EXCLUDED.state, source_branch = EXCLUDED.source_branch,
      target_branch = EXCLUDED.target_branch, web_url = EXCLUDED.web_url, synced_at = now()`;
}

export async function fillMergeRequests(ctx: SyncContext, project: ProjectTarget, budget: number): Promise<number> {
  const iids = await mergeRequestsToRead(ctx.db, project.serviceId, budget);
  if (iids.length === 0) return 0;
  const answers = await Promise.all(
    iids.map((iid) =>
      ctx.limit(() =>
        ctx.gitlab.getMergeRequest(project.projectId, iid).catch((error: unknown) => {
          // Gone, or out of the token's reach: remembered as such, so it is not asked for every cycle.
          if (error instanceof UpstreamError && error.kind === "not_found") return { ...UNKNOWN, iid };
          throw error;
        }),
      ),
    ),
  );
  await storeMergeRequests(ctx.db, project.serviceId, answers);
  return answers.length;
}
