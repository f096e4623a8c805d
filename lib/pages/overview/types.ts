/*
 * The overview page's data, as it crosses from the server to the browser: plain JSON only
 * (ISO-8601 strings for times, numbers for ids and seconds), so the same shape serves the
 * server-rendered page, the /api/overview route and the client's refreshes.
 * Client components import these types only — never the query module.
 */
import type { RunTimes } from "@/lib/domain/pipeline/run-times";
import type { StageStatus } from "@/lib/domain/pipeline/stages";

export type { StageStatus };

import type { RefKindLabel } from "@/lib/domain/pipeline/refs";

export type RefKind = RefKindLabel;

/** Why the last sync of a service failed (SyncState.lastErrorKind). */
export type { SyncErrorKind } from "@/lib/domain/sync-problems";
import type { SyncErrorKind } from "@/lib/domain/sync-problems";

export interface StageCellData {
  stage: string;
  /** null: the stage is not part of this pipeline (e.g. `release` on a branch). */
  status: StageStatus | null;
  /** One of the nine stages of the shared CI templates; extra stages come after them. */
  standard: boolean;
}

/** A pipeline as a row of the overview; its times are the shared RunTimes. */
export interface MergeRequestRef {
  iid: number;
  title: string | null;
  url: string | null;
  sourceBranch: string | null;
}

export interface PipelineSummary extends RunTimes {
  /** GitLab pipeline id. */
  id: number;
  iid: number;
  ref: string;
  refKind: RefKind;
  sha: string;
  shortSha: string;
  commitTitle: string | null;
  /** GitLab's pipeline status (success, failed, running, pending, canceled, skipped, manual, created, …). */
  status: string;
  source: string;
  /** The pipeline's page on GitLab. */
  webUrl: string;
  /** For a merge-request pipeline: its merge request (title, link and source branch once GitLab was asked). */
  mergeRequest: MergeRequestRef | null;
  /** The nine standard stages in pipeline order, always present, then any extra stages of this pipeline. */
  stages: StageCellData[];
}

export interface SyncErrorInfo {
  kind: SyncErrorKind;
  /** The sync's own message (no secrets: the sync writes it for display). */
  message: string | null;
  at: string | null;
  consecutiveErrors: number;
}

export interface ServiceSyncState {
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  /** The current failure, or null when the last attempt succeeded. */
  error: SyncErrorInfo | null;
  backfill: {
    done: boolean;
    /** Pipelines stored by the backfill so far. */
    pipelines: number;
    /** Pipelines the backfill expects in total, when GitLab said. */
    total: number | null;
  };
}

/**
 * Test coverage of a service's main branch: the `coverage` GitLab reported for the `test` job
 * (latest attempt, succeeded) of its main pipelines.
 */
export interface CoverageTrend {
  /** Percent, from the newest main pipeline whose test job reported one. */
  latest: number;
  /** Percent from the main pipeline before it that reported one (for the trend); null when none. */
  previous: number | null;
  /** GitLab id of the pipeline `latest` comes from. */
  pipelineId: number;
}

export interface ServiceOverview {
  name: string;
  /** The project's page on GitLab, once the sync has resolved it. */
  webUrl: string | null;
  /** Latest pipeline on the default branch; null while the service has none stored. */
  latestMain: PipelineSummary | null;
  /** Latest pipeline of each other branch or tag, newest first, limited. */
  otherRefs: PipelineSummary[];
  /** Latest test-job coverage on main and the one before it; null when no main test job reported coverage. */
  coverage: CoverageTrend | null;
  /** null before the sync first touched the service. */
  sync: ServiceSyncState | null;
}

export interface ServiceSyncError extends SyncErrorInfo {
  service: string;
  /** Data on screen for this service is as of this time (null: never synced). */
  lastSuccessAt: string | null;
}

export interface SyncSummary {
  /** Most recent successful sync of any service. */
  lastSuccessAt: string | null;
  /** Services whose last sync attempt failed, in service order. */
  errors: ServiceSyncError[];
  backfill: {
    /** True once every service finished its backfill. */
    done: boolean;
    /** Services still backfilling. */
    pending: string[];
    /** Pipelines stored so far by the services still backfilling. */
    pipelines: number;
    /** Their expected total, or null when any of them does not know its total yet. */
    total: number | null;
  };
  /** Finished pipelines whose full test report the sync has still to read (0 once caught up). */
  testReportsWaiting: number;
}

/** Set when sign-in limits what this viewer sees (lib/domain/access.ts). */
export interface AccessNote {
  /** Why nothing can be shown, when GitLab could not be asked. */
  problem: string | null;
}

export interface OverviewData {
  /** When the server built this answer. */
  generatedAt: string;
  services: ServiceOverview[];
  /** Whether each service's other branches and tags are listed (not with many services: see otherRefsFor). */
  otherRefsListed: boolean;
  sync: SyncSummary;
  access?: AccessNote;
}
