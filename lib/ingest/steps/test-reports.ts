import { DAY_MS } from "@/lib/domain/time";
import type { TestReportAnswer } from "@/lib/upstream/gitlab/test-report";
import { nowOf, type ProjectTarget, type SyncContext } from "../context";
import { pipelinesDueForTestReport, pruneTestResults, recordNoTestReport, recordTestReportError, storeTestReport } from "../store/tests";

export const DEFAULT_TEST_REPORT_BUDGET = 100;
export const DEFAULT_TEST_REPORT_MAX_BYTES = 30 * 1024 * 1024;
export const DEFAULT_TEST_RESULTS_DAYS = 90;

export interface TestReportsOutcome {
  /** Reports asked for this cycle. */
  requested: number;
  /** Results stored (new or changed). */
  results: number;
  /** Reports that could not be stored (recorded on their pipelines). */
  errors: number;
  /** Finished pipelines whose report still waits for a later cycle. */
  waiting: number;
}

/**
 * The full test report (every test case) of finished pipelines whose current version has none yet:
 * one request per pipeline, main and merge-request pipelines first, at most `budget` per cycle so a
 * backfill catches up over a few cycles. A report that is too large, cut off or malformed is recorded
 * on its pipeline and the rest go on; an idle cycle asks for nothing. Old results are pruned here too.
 */
export async function fillTestReports(ctx: SyncContext, project: ProjectTarget, budget: number): Promise<TestReportsOutcome> {
  const { db } = ctx;
  const maxBytes = ctx.maxTestReportBytes ?? DEFAULT_TEST_REPORT_MAX_BYTES;
  const days = ctx.testResultsDays ?? DEFAULT_TEST_RESULTS_DAYS;
  await pruneTestResults(db, project.serviceId, new Date(nowOf(ctx).getTime() - days * DAY_MS));

  const due = await pipelinesDueForTestReport(db, project.serviceId, budget);
  const outcome: TestReportsOutcome = { requested: 0, results: 0, errors: 0, waiting: due.waiting };
  // Fetched with the shared limit, stored one at a time in arrival order: a report's new test cases
  // must be committed before the next report of the service looks them up (one statement's snapshot
  // does not see another's insert), and only a few reports are held in memory at once.
  let writes: Promise<void> = Promise.resolve();
  const store = (write: () => Promise<void>) => (writes = writes.then(write));
  await Promise.all(
    due.pipelines.map(async ({ id, updatedAt, firstRead }) => {
      const answer: TestReportAnswer = await ctx.limit(() => ctx.gitlab.getTestReport(project.projectId, id, maxBytes));
      outcome.requested++;
      await store(() => storeAnswer(ctx, project, { id, updatedAt, firstRead }, answer, maxBytes, outcome));
    }),
  );
  outcome.waiting -= outcome.requested;
  return outcome;
}

async function storeAnswer(
  ctx: SyncContext,
  project: ProjectTarget,
  { id, updatedAt, firstRead }: { id: number; updatedAt: Date; firstRead: boolean },
  answer: TestReportAnswer,
  maxBytes: number,
  outcome: TestReportsOutcome,
): Promise<void> {
  const { db } = ctx;
  switch (answer.status) {
    case "ok":
      outcome.results += await storeTestReport(db, project.serviceId, { pipelineId: id, readFor: updatedAt, report: answer.report, firstRead });
      break;
    case "not_found":
      await recordNoTestReport(db, id, updatedAt);
      break;
    case "too_large":
      outcome.errors++;
      await recordTestReportError(db, id, updatedAt, `test report larger than ${Math.round(maxBytes / (1024 * 1024))} MB (TEST_REPORT_MAX_MB)`, true);
      break;
    case "invalid":
      outcome.errors++;
      ctx.logger.warn({ service: project.service, pipeline: id, err: answer.message }, "test report not stored");
      await recordTestReportError(db, id, updatedAt, answer.message);
      break;
  }
}
