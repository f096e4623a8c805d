import type { TestsPageParams } from "./params";

/** One test in /tests' lists. */
export interface TestListRow {
  id: number;
  service: string;
  suite: string;
  classname: string;
  name: string;
  /** Pipelines in the period whose report had it failed (or failed before a retry passed it). */
  failures: number;
  /** Commits in the period that both failed and passed it (the flake rule). */
  flakyCommits: number;
  lastFailedAt: string | null;
  lastFailedPipelineId: number | null;
}

export interface TestsPageData {
  generatedAt: string;
  params: TestsPageParams;
  rows: TestListRow[];
  /** More tests matched than are listed. */
  truncated: boolean;
  /** Services and suites to filter by. */
  services: string[];
  suites: string[];
}
