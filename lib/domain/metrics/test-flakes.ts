import { isTestFailure, TEST_STATUS, testRan } from "../tests";

/*
 * The flake rule for tests, the twin of the job rule in flakes.ts ("failed, then passed on retry"),
 * one definition for every page and for alerts (the SQL twin is test-flakes-sql.ts):
 * - a test *ran* in a pipeline when it passed, failed or errored (skipped is not a run);
 * - it *flaked* on a commit when that same commit both failed and passed it: the job was retried and
 *   the retry passed the test (Stageboard read the failure before the retry), or another pipeline of
 *   the commit passed it (a re-run pipeline, or the branch and merge-request pipelines of one commit).
 * GitLab's pipeline test report holds each job's final attempt only, so a retry that passed before
 * the report was read leaves no trace; the commit is what the job rule's "same pipeline" becomes.
 * Flake rate of a test = commits where it flaked / commits where it ran.
 * Flip rate on main = changes of outcome between consecutive main runs / (main runs − 1).
 */

export const TEST_FLAKE_RULE =
  "A test is flaky when one commit both failed and passed it: its job was retried and the retry passed it, or another pipeline of the same commit passed it.";

/** One test's outcome in one pipeline. */
export interface TestRun {
  pipelineId: number | bigint | string;
  sha: string;
  /** lib/domain/tests.ts TEST_STATUS code of the result as last read. */
  status: number;
  /** The test had failed in this pipeline before a retry (a failure text is kept for it). */
  failedEarlier?: boolean;
}

export interface TestFlakeStat {
  /** Commits on which the test ran. */
  commits: number;
  /** Commits on which it both failed and passed. */
  flakyCommits: number;
  /** flakyCommits / commits (0 when it never ran). */
  rate: number;
}

/** Whether the runs of one test on one commit are a flake: it failed and it passed. */
export function testFlakedOnCommit(runs: readonly TestRun[]): boolean {
  const failed = runs.some((r) => isTestFailure(r.status) || r.failedEarlier === true);
  const passed = runs.some((r) => r.status === TEST_STATUS.success);
  return failed && passed;
}

/** Flake statistics of one test over its runs (any order). */
export function testFlakeStats(runs: readonly TestRun[]): TestFlakeStat {
  const bySha = new Map<string, TestRun[]>();
  for (const run of runs) {
    if (!testRan(run.status) && !run.failedEarlier) continue;
    const group = bySha.get(run.sha) ?? [];
    group.push(run);
    bySha.set(run.sha, group);
  }
  let flaky = 0;
  for (const group of bySha.values()) if (testFlakedOnCommit(group)) flaky++;
  const commits = bySha.size;
  return { commits, flakyCommits: flaky, rate: commits ? flaky / commits : 0 };
}

/**
 * Share of consecutive main runs whose outcome (passed / failed) differs, oldest first. A test broken
 * for a while flips twice (broken, fixed); a flaky one flips often. Skipped runs are left out.
 */
export function flipRate(statusesOldestFirst: readonly number[]): number {
  const outcomes = statusesOldestFirst.filter(testRan).map(isTestFailure);
  if (outcomes.length < 2) return 0;
  let flips = 0;
  for (let i = 1; i < outcomes.length; i++) if (outcomes[i] !== outcomes[i - 1]) flips++;
  return flips / (outcomes.length - 1);
}
