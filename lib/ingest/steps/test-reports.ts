import { UpstreamError } from "@/lib/upstream/transport";
import type { ProjectTarget, SyncContext } from "../context";
import { pipelinesWithoutTestReport, storeTestReports } from "../store/pipelines";

export const DEFAULT_TEST_REPORT_BUDGET = 200;
const NO_TESTS = { count: 0, success: 0, failed: 0, skipped: 0, error: 0 };

/**
 * GitLab's test report summary for finished pipelines that have none yet, newest first, at most
 * `budget` per cycle, so a large backfill catches up over a few cycles without holding up pipeline data.
 */
export async function fillTestReports(ctx: SyncContext, project: ProjectTarget, budget: number): Promise<number> {
  const missing = await pipelinesWithoutTestReport(ctx.db, project.serviceId, budget);
  if (missing.length === 0) return 0;
  const reports = await Promise.all(
    missing.map((id) =>
      ctx.limit(() =>
        ctx.gitlab.getTestReportSummary(project.projectId, id).then(
          (report) => report.total,
          (error: unknown) => {
            // A pipeline deleted upstream has no report; record none rather than asking forever.
            if (error instanceof UpstreamError && error.kind === "not_found") return NO_TESTS;
            throw error;
          },
        ),
      ),
    ),
  );
  await storeTestReports(
    ctx.db,
    missing.map((id, i) => ({ pipelineId: id, total: reports[i] ?? NO_TESTS })),
  );
  return missing.length;
}
