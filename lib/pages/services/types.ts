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
