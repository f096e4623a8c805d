import type { SeverityCounts } from "@/lib/domain/cwiq";
/*
 * The pipeline page's data as it crosses from the server to the browser: plain JSON only
 * (ISO-8601 strings for times, numbers for ids and seconds). Client components import these
 * types only — never the query module.
 */
import type { MergeRequestRef, RefKind, StageStatus } from "../overview/types";
import type { RunTimes } from "@/lib/domain/pipeline/run-times";
import type { JobWaits } from "@/lib/domain/pipeline/waits";

export type { RefKind, StageStatus };

/** One attempt of a job (GitLab makes a new job for every retry). */
export interface JobAttempt extends RunTimes {
  /** GitLab job id. */
  id: number;
  /** GitLab's job status (success, failed, running, pending, created, manual, skipped, canceled, …). */
  status: string;
  allowFailure: boolean;
  manual: boolean;
  failureReason: string | null;
  /** The job's page on GitLab, where its log is. */
  webUrl: string;
  /** Where its time before starting went: a runner, a person (manual), or earlier jobs. */
  waits: JobWaits;
}

/** A job of the pipeline: its current (latest) attempt, with the attempts it replaced. */
export interface PipelineJob extends JobAttempt {
  name: string;
  stage: string;
  /** How many earlier attempts were retried (replaced) by a later one. */
  retryCount: number;
  /** The earlier attempts, newest first. */
  retries: JobAttempt[];
  /** An earlier attempt failed and the latest attempt succeeded. */
  flaky: boolean;
  /** A trigger job (GitLab's bridge): it runs no script but starts a pipeline, whose outcome it takes. */
  trigger: boolean;
  /** The pipeline a trigger job started, once GitLab created it; null for a job. */
  downstream: DownstreamPipeline | null;
}

/** The pipeline a trigger job started: a child pipeline with its jobs, or another project's pipeline. */
export interface DownstreamPipeline {
  /** GitLab pipeline id. */
  id: number;
  /** Stageboard has it, so it has a page here; otherwise only GitLab's link. */
  stored: boolean;
  /** A child pipeline of this one (same project), rather than another project's pipeline. */
  child: boolean;
  iid: number | null;
  /** GitLab's status of it: as stored, or as the trigger job last reported it. */
  status: string | null;
  /** Its page on GitLab. */
  webUrl: string | null;
  /** A child's stages with their jobs, in pipeline order; empty when Stageboard does not have it. */
  stages: PipelineStageColumn[];
}

export interface PipelineStageColumn {
  stage: string;
  /** The stage's derived status as the sync stored it; null when only jobs are known for it. */
  status: StageStatus | null;
  /** One of the nine stages of the shared CI templates; other stages come after them. */
  standard: boolean;
  /** Jobs by name. */
  jobs: PipelineJob[];
}

export interface PipelineDetail extends RunTimes {
  /** GitLab pipeline id. */
  id: number;
  iid: number;
  service: string;
  ref: string;
  refKind: RefKind;
  sha: string;
  shortSha: string;
  commitTitle: string | null;
  commitAuthor: string | null;
  /** What started the pipeline (push, web, schedule, merge_request_event, …). */
  source: string;
  /** GitLab's pipeline status. */
  status: string;
  /** The start, finish, duration and queue time are derived from the jobs: GitLab's own are not read yet. */
  timingsFromJobs: boolean;
  /** The pipeline's page on GitLab. */
  webUrl: string;
  /** For a merge-request pipeline: its merge request. */
  mergeRequest: MergeRequestRef | null;
  /** GitLab's test report summary; null until the pipeline finished and was synced. */
  tests: { total: number; failed: number; skipped: number; errored: number } | null;
  /** A child pipeline's parent, and the trigger job that started it; null for a service's own pipeline. */
  parent: { id: number; iid: number; triggerJob: string | null } | null;
}

export interface PipelinePageData {
  /** When the server built this answer. */
  generatedAt: string;
  pipeline: PipelineDetail;
  /** Stages in pipeline order: standard ones first, any other stage after them. */
  stages: PipelineStageColumn[];
  /** Jobs flagged flaky in this pipeline. */
  flakyJobs: number;
  /** Scan artifacts, the SonarQube analysis and the DefectDojo test of the run. */
  security: PipelineSecurity;
  /** The run's failed tests (its child pipelines' too), from GitLab's full test report. */
  tests: PipelineTests;
}

export interface PipelineFailedTest {
  /** Stageboard's test id: the test's page is /tests/{testId}. */
  testId: number;
  /** The pipeline whose report has the failure: this one, or a child pipeline it started. */
  pipelineId: number;
  classname: string;
  name: string;
  file: string | null;
  /** failed | error | passed on retry (the failure was read before a retried job passed it) */
  status: string;
  /** The failure text's first lines. */
  firstLines: string;
  /** null: the first failure of the test on this ref ("new"); else the pipeline where the streak began. */
  since: { pipelineId: number; iid: number } | null;
  /** The flake rule (lib/domain/metrics/test-flakes.ts) caught this test on the service lately. */
  flaky: boolean;
  /** The job that ran the suite: its log has the whole failure. */
  jobWebUrl: string | null;
}

export interface PipelineTests {
  /** Why GitLab's report could not be read, when it could not. */
  reportError: string | null;
  /** Failed tests in all (more than listed when the run broke many). */
  failedTotal: number;
  suites: { suite: string; tests: PipelineFailedTest[] }[];
}


/** One artifact of the run as Stageboard read it. */
export interface PipelineArtifact {
  tool: string;
  artifact: string;
  /** ok | error (the message says why) | unavailable (GitLab has no such file: not the same as clean) */
  status: string;
  message: string | null;
  counts: SeverityCounts;
  total: number;
  /** Main runs, against the previous main run's report of the tool; null when not compared. */
  newCount: number | null;
  fixedCount: number | null;
  /** Cobertura line rate, 0..1. */
  lineRate: number | null;
  jobId: number;
  jobWebUrl: string;
}

export interface PipelineSonar {
  /** found | not_found | error */
  status: string;
  message: string | null;
  qualityGate: string | null;
  failedConditions: string[];
  dashboardUrl: string;
  measures: { coverage: number | null; bugs: number | null; vulnerabilities: number | null; codeSmells: number | null; securityHotspots: number | null; duplicatedLinesDensity: number | null; ncloc: number | null };
  issues: SeverityCounts | null;
}

export interface PipelineDojo {
  status: string;
  message: string | null;
  testId: number | null;
  matchedBy: string | null;
  url: string | null;
  /** Findings by severity and triage state. */
  counts: Record<string, Record<string, number>> | null;
}

export interface PipelineSecurity {
  imageTag: string | null;
  artifacts: PipelineArtifact[];
  sonar: PipelineSonar | null;
  dojo: PipelineDojo | null;
  /** True when the viewer's GitLab role does not show this project's findings (AUTH_SECURITY_MIN_ROLE). */
  withheld?: boolean;
}
