/** One test's page (/tests/{id}): what the browser gets. */

export interface TestIdentity {
  id: number;
  service: string;
  suite: string;
  classname: string;
  name: string;
  file: string | null;
}

export interface TestRunPoint {
  pipelineId: number;
  iid: number;
  /** success | failed | error | skipped */
  status: string;
  durationMs: number;
  createdAt: string;
}

export interface TestFailureRow {
  pipelineId: number;
  iid: number;
  ref: string;
  refKind: string;
  createdAt: string;
  /** failed | error | passed on retry */
  status: string;
  firstLines: string;
}

export interface TestPageData {
  generatedAt: string;
  test: TestIdentity;
  /** The last results on main, oldest first. */
  mainStrip: TestRunPoint[];
  /** Daily median duration over every ref, oldest first. */
  durationTrend: { day: string; p50Ms: number; runs: number }[];
  /** The oldest failure Stageboard keeps (TEST_RESULTS_DAYS), null when it never failed. */
  firstFailure: TestFailureRow | null;
  /** Pipelines where it failed, newest first. */
  failures: TestFailureRow[];
  /** The flake rule over the kept history, and the flip rate of its main results. */
  flakes: { commits: number; flakyCommits: number; rate: number; mainFlipRate: number };
  /** Results kept, and how many of them failed. */
  runs: number;
  failedRuns: number;
}
