/*
 * Test outcomes as Stageboard stores them: GitLab's test case statuses (success, failed, error,
 * skipped) as a small integer per result row, so the millions of rows stay narrow. The one table
 * of codes; SQL and pages name them through this file.
 */

export const TEST_STATUS = { success: 0, failed: 1, error: 2, skipped: 3 } as const;
export type TestStatusName = keyof typeof TEST_STATUS;
export type TestStatusCode = (typeof TEST_STATUS)[TestStatusName];

const NAMES: readonly TestStatusName[] = ["success", "failed", "error", "skipped"];

/** GitLab's status word to its code; anything GitLab may add later counts as skipped (not run). */
export function testStatusCode(status: string): TestStatusCode {
  switch (status) {
    case "success":
    case "failed":
    case "error":
    case "skipped":
      return TEST_STATUS[status];
    default:
      return TEST_STATUS.skipped;
  }
}

export function testStatusName(code: number): TestStatusName {
  return NAMES[code] ?? "skipped";
}

/** A failed or errored test: both make the job fail and both carry a failure text. */
export function isTestFailure(code: number): boolean {
  return code === TEST_STATUS.failed || code === TEST_STATUS.error;
}

/** A test *ran* when it passed, failed or errored; a skipped test is not a run. */
export function testRan(code: number): boolean {
  return code !== TEST_STATUS.skipped;
}

/** Failure text kept per failed test: enough for the first lines and the assertion, never megabytes. */
export const TEST_FAILURE_MAX_CHARS = 2000;

export function truncateFailure(text: string): string {
  return text.length <= TEST_FAILURE_MAX_CHARS ? text : `${text.slice(0, TEST_FAILURE_MAX_CHARS - 1)}…`;
}
