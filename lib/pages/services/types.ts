/*
 * The service page's data as it crosses to the browser: plain JSON only (ISO-8601 strings,
 * numbers for ids, seconds and rates). Client components import these types only.
 */
import type { PipelineSummary, RefKind, StageCellData } from "../overview/types";

export type { PipelineSummary, RefKind, StageCellData };

export const PERIODS = [7, 30, 90] as const;
export type Period = (typeof PERIODS)[number];

/** GitLab pipeline statuses the status filter accepts. */
export const PIPELINE_STATUSES = [
  "success",
  "failed",
  "running",
  "pending",
  "canceled",
  "skipped",
  "manual",
  "created",
  "scheduled",
  "preparing",
  "waiting_for_resource",
] as const;
export type PipelineStatusFilter = (typeof PIPELINE_STATUSES)[number];

export interface ServicePageParams {
  service: string;
  period: Period;
  refKind?: RefKind;
  ref?: string;
  status?: PipelineStatusFilter;
  /** 1-based. */
  page: number;
  perPage: number;
}

export interface DailyPoint {
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  /** Pipelines created that day (any status). */
  pipelines: number;
  /** success / (success + failed), 0..1; null when none finished. */
  successRate: number | null;
  durationP50: number | null;
  durationP95: number | null;
  queueP50: number | null;
}

export interface FailingJob {
  name: string;
  stage: string;
  /** Failed final attempts (retried attempts are not counted). */
  failures: number;
  /** Final attempts that finished (success or failed). */
  runs: number;
  /** failures / runs, 0..1. */
  rate: number;
  latestFailedWebUrl: string | null;
  latestFailedPipelineId: number | null;
  latestFailedAt: string | null;
}

export interface SlowJob {
  name: string;
  stage: string;
  runs: number;
  p50: number | null;
  p95: number | null;
}

export interface FlakyJob {
  name: string;
  /** Pipelines where the job ran in the period. */
  pipelines: number;
  /** Pipelines where it failed and then passed on a retry. */
  flakyPipelines: number;
  rate: number;
}

export interface CoveragePoint {
  day: string;
  /** The `test` job's coverage (%) on the last main pipeline of the day that reported one. */
  coverage: number | null;
  /** The line rate (%) of that day's last main `coverage.xml` (Cobertura), where the job kept one. */
  lineRate: number | null;
}

export interface HeatStripPipeline {
  id: number;
  iid: number;
  status: string;
  createdAt: string;
  shortSha: string;
  webUrl: string;
  stages: StageCellData[];
}

export interface ServicePageData {
  generatedAt: string;
  service: { name: string; webUrl: string | null };
  params: ServicePageParams;
  pipelines: {
    items: PipelineSummary[];
    total: number;
    page: number;
    perPage: number;
    pageCount: number;
  };
  /** Refs seen in the period, most recent first (for the ref filter). */
  refs: string[];
  period: {
    days: Period;
    from: string;
    to: string;
    /** Over the whole period (same filters as the trends). */
    successRate: number | null;
    pipelines: number;
    durationP50: number | null;
    durationP95: number | null;
    queueP50: number | null;
  };
  daily: DailyPoint[];
  failingJobs: FailingJob[];
  slowestJobs: SlowJob[];
  flakyJobs: FlakyJob[];
  coverage: { daily: CoveragePoint[]; latest: { coverage: number; pipelineId: number; at: string } | null };
  heatStrip: HeatStripPipeline[];
}

/*
 * The service page's Tests section: its own answer (GET /api/services/{name}/tests), loaded beside
 * the rest of the page so its bigger reads never hold the pipelines and jobs back.
 */

export interface ServiceTestsParams {
  service: string;
  period: Period;
}

/** A test of the service as the section lists it; each links to /tests/{id}. */
export interface ServiceTestRef {
  id: number;
  suite: string;
  classname: string;
  name: string;
}

export interface FailingTest extends ServiceTestRef {
  /** Main pipelines of the period whose report had it failed (or failed before a retried job passed it). */
  failures: number;
  lastFailedAt: string;
  lastFailedPipelineId: number;
}

export interface FlakyTest extends ServiceTestRef {
  /** Commits of the period, on any ref, that both failed and passed it (lib/domain/metrics/test-flakes.ts). */
  flakyCommits: number;
  /** Its runs on main in the period (skipped ones left out). */
  mainRuns: number;
  /** Changes of outcome between its consecutive main runs of the period, over mainRuns − 1. */
  flipRate: number;
}

export interface SlowTest extends ServiceTestRef {
  /** Median duration (ms) of its runs in the period's sampled main pipelines. */
  p50Ms: number;
  runs: number;
  /** The same over the previous period of the same length; null when it did not run then. */
  previousP50Ms: number | null;
  /** (p50Ms − previousP50Ms) / previousP50Ms; null without a previous median. */
  change: number | null;
}

/** One main pipeline's test count (its child pipelines' tests included). */
export interface TestCountPoint {
  pipelineId: number;
  iid: number;
  createdAt: string;
  tests: number;
  failed: number;
}

export interface ServiceTestsData {
  generatedAt: string;
  params: ServiceTestsParams;
  period: { from: string; to: string; previousFrom: string };
  /** Main pipelines of the period whose stored test report holds tests (one that failed before its tests has none). */
  reportedPipelines: number;
  /**
   * Durations are medians over a sample: up to `max` main pipelines spread evenly over each period
   * (every one of them when there are fewer), read whole.
   */
  durationSample: { max: number; pipelines: number; previousPipelines: number };
  /** Finished pipelines of the service whose test report the sync has still to read. */
  reportsWaiting: number;
  /** Whether any test report of the service was ever stored. */
  hasResults: boolean;
  failing: FailingTest[];
  flaky: FlakyTest[];
  slowest: SlowTest[];
  slower: SlowTest[];
  /** Oldest first; thinned evenly to at most a few hundred points (the last one always kept). */
  trend: TestCountPoint[];
}
