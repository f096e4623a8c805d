import { z } from "zod";
import { errorMessage } from "@/lib/domain/error-message";

/*
 * `GET /projects/:id/pipelines/:pipeline_id/test_report`: GitLab's JUnit-derived report of a
 * pipeline's latest jobs, every test case with its status, time and failure text. It can be
 * megabytes, so the client reads it bounded (TEST_REPORT_MAX_MB) and this module validates it: an
 * answer that does not fit is "invalid" with a message, recorded on the pipeline, never a crash.
 */

const count = z.number().int().nonnegative();
// Seconds, as GitLab reports them; JUnit files without times give null.
const seconds = z.number().nonnegative().nullish().transform((v) => v ?? 0);
const text = z.string().nullish().transform((v) => v ?? null);

// Thousands per report: plain optional fields, no per-field transforms (the store reads null and
// undefined alike), which keeps validation a few milliseconds per report.
const testCaseSchema = z.object({
  status: z.string(),
  name: z.string(),
  classname: z.string().nullish(),
  file: z.string().nullish(),
  /** Seconds; null or missing in JUnit files without times. */
  execution_time: z.number().nonnegative().nullish(),
  system_output: z.string().nullish(),
  stack_trace: z.string().nullish(),
});
export type GitlabTestCase = z.infer<typeof testCaseSchema>;

const testSuiteSchema = z.object({
  name: z.string(),
  total_time: seconds,
  total_count: count,
  success_count: count,
  failed_count: count,
  skipped_count: count,
  error_count: count,
  suite_error: text,
  test_cases: z.array(testCaseSchema),
});
export type GitlabTestSuite = z.infer<typeof testSuiteSchema>;

export const testReportSchema = z.object({
  total_time: seconds,
  total_count: count,
  success_count: count,
  failed_count: count,
  skipped_count: count,
  error_count: count,
  test_suites: z.array(testSuiteSchema),
});
export type GitlabTestReport = z.infer<typeof testReportSchema>;

export type TestReportAnswer =
  | { status: "ok"; report: GitlabTestReport; bytes: number }
  | { status: "invalid"; message: string }
  | { status: "too_large"; size: number | null }
  | { status: "not_found" };

/** The report in `bytes` validated, or why it is not one (cut off, not JSON, not GitLab's shape). */
export function parseTestReport(bytes: Uint8Array): TestReportAnswer {
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"));
  } catch (error) {
    const detail = errorMessage(error);
    return { status: "invalid", message: `GitLab's test report is not JSON (cut off?): ${detail.slice(0, 200)}` };
  }
  const result = testReportSchema.safeParse(doc);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
    return { status: "invalid", message: `GitLab's test report did not have the expected shape${where}: ${issue?.message ?? "invalid"}` };
  }
  return { status: "ok", report: result.data, bytes: bytes.byteLength };
}
