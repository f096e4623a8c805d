/*
 * Which DefectDojo test is a pipeline run's import. Decided on the test's own fields, never on what
 * the query asked for: DefectDojo ignores filters it does not know (older servers know no build_id,
 * commit_hash or branch_tag filter), so an answer may hold tests of other runs, branches or products.
 */

export interface DojoTest {
  id: number;
  engagementId: number;
  title: string | null;
  testType: string | null;
  buildId: string | null;
  commitHash: string | null;
  branchTag: string | null;
  created: Date;
  link: string;
}

export interface DojoRun {
  /** GitLab's pipeline id: what the import step sends as `build_id`. */
  id: bigint | number | string;
  sha: string;
  ref: string;
  createdAt: Date;
}

/** The field that ties a test to the run; a branch alone never does, as every main run shares it. */
export type DojoEvidence = "build_id" | "commit_hash";

export interface DojoTestMatch {
  test: DojoTest;
  matchedBy: DojoEvidence;
}

/** DefectDojo's and GitLab's clocks may differ a little; an import cannot predate its run by more. */
export const IMPORT_CLOCK_SKEW_MS = 15 * 60_000;

/** `CI_COMMIT_SHORT_SHA` is 8 characters; shorter prefixes are too ambiguous to tie a test to a commit. */
const MIN_COMMIT_PREFIX = 7;

const present = (value: string | null): value is string => value !== null && value.trim() !== "";

function commitAgrees(testCommit: string, sha: string): boolean {
  const commit = testCommit.trim().toLowerCase();
  return commit.length >= MIN_COMMIT_PREFIX && sha.toLowerCase().startsWith(commit);
}

const branchName = (tag: string) => tag.trim().replace(/^refs\/heads\//, "");

/**
 * Why `test` is `run`'s import, or null when it is not: no field it carries may contradict the run
 * (a build id names another pipeline, a commit another sha, a branch tag another ref) and its build
 * id or its commit (full or a prefix of at least 7 characters) must agree. An import that names
 * neither is nobody's. Product and engagement are checked by `runTest`.
 */
export function evidenceFor(test: DojoTest, run: DojoRun): DojoEvidence | null {
  const buildAgrees = present(test.buildId) && test.buildId.trim() === String(run.id);
  const commit = present(test.commitHash) ? commitAgrees(test.commitHash, run.sha) : null;
  if (present(test.buildId) && !buildAgrees) return null;
  if (commit === false) return null;
  if (present(test.branchTag) && branchName(test.branchTag) !== run.ref) return null;
  if (test.created.getTime() < run.createdAt.getTime() - IMPORT_CLOCK_SKEW_MS) return null;
  if (buildAgrees) return "build_id";
  return commit ? "commit_hash" : null;
}

/**
 * The run's test among `tests`: only tests of the given engagements (the service's product) count;
 * a build id match beats a commit match, then the newest import (a re-run import job) wins.
 */
export function runTest(tests: readonly DojoTest[], run: DojoRun, engagementIds: ReadonlySet<number>): DojoTestMatch | null {
  let best: DojoTestMatch | null = null;
  for (const test of tests) {
    if (!engagementIds.has(test.engagementId)) continue;
    const matchedBy = evidenceFor(test, run);
    if (!matchedBy) continue;
    const candidate = { test, matchedBy };
    if (!best || better(candidate, best)) best = candidate;
  }
  return best;
}

function better(a: DojoTestMatch, b: DojoTestMatch): boolean {
  if (a.matchedBy !== b.matchedBy) return a.matchedBy === "build_id";
  const newer = a.test.created.getTime() - b.test.created.getTime();
  // DefectDojo numbers tests in creation order.
  return newer !== 0 ? newer > 0 : a.test.id > b.test.id;
}
