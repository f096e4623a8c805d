import type { SimUser } from "./catalog";
import type { Stage } from "@/lib/domain/cwiq";
import type { ArtifactKind, RefKind } from "./rules";
import type { FailureReason } from "./scenario";
import type { JobStatus, PipelineStatus } from "./status";

/** All times are epoch milliseconds. A status holds from `at` until the next transition. */
export interface JobTransition {
  at: number;
  status: JobStatus;
}

export interface PipelineTransition {
  at: number;
  status: PipelineStatus;
  /** GitLab recomputes `duration` when a pipeline finishes; null on other transitions. */
  durationS: number | null;
}

/** One job attempt. A retry is a separate PlannedJob with the same name and a higher id. */
export interface PlannedJob {
  /** 0 until assigned: retry attempts get their id when their creation time is reached in id order. */
  id: number;
  name: string;
  stage: Stage;
  allowFailure: boolean;
  manual: boolean;
  durationS: readonly [number, number];
  artifacts: readonly ArtifactKind[];
  createdAt: number;
  /** Creation time of the attempt that replaced this one; Infinity while it is the latest attempt. */
  retriedAt: number;
  transitions: JobTransition[];
  /** Derived from the transitions (see finalizeJob). */
  queuedAt: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  finalStatus: JobStatus;
  failureReason: FailureReason | null;
  coverage: number | null;
  runnerIndex: number;
}

export type PipelineSource = "push" | "web" | "merge_request_event" | "schedule" | "parent_pipeline";

export interface PlannedCommit {
  title: string;
  message: string;
  author: SimUser;
  createdAt: number;
}

export interface TestCounts {
  total: number;
  skipped: number;
  /** Failures reported when the test job fails. */
  failed: number;
  errors: number;
}

export interface PlannedPipeline {
  /** Position in the global creation order (drives the per-pipeline random stream). */
  seq: number;
  id: number;
  iid: number;
  projectIndex: number;
  projectId: number;
  ref: string;
  refKind: RefKind;
  tag: boolean;
  sha: string;
  beforeSha: string;
  source: PipelineSource;
  user: SimUser;
  commit: PlannedCommit;
  createdAt: number;
  /** In creation order, which is also id order. */
  jobs: PlannedJob[];
  transitions: PipelineTransition[];
  firstRunningAt: number | null;
  /** From this time on nothing about the pipeline changes any more. */
  settledAt: number;
  tests: TestCounts;
  /** Trigger jobs (GitLab's bridges), apart from `jobs` as GitLab's jobs list leaves them out. */
  bridges: PlannedBridge[];
  /** A child pipeline's parent and the trigger job that started it; null for every other pipeline. */
  parent: { pipeline: PlannedPipeline; bridge: PlannedBridge } | null;
}

/** A trigger job: planned like a job, its status following the child pipeline it starts (`strategy: depend`). */
export interface PlannedBridge extends PlannedJob {
  /** Set once the model has created the child; null while pending, or when the parent was canceled first. */
  child: PlannedPipeline | null;
}
