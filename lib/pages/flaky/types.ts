/** The flaky-jobs list as plain JSON (client-safe types only). */
export interface FlakyJob {
  service: string;
  jobName: string;
  /** Stage of the job's latest attempt in the window. */
  stage: string;
  /** Pipelines in the window where the job ran (an attempt succeeded, failed, was canceled or is running). */
  pipelines: number;
  /** Pipelines where an attempt failed and a later attempt of the same job in the same pipeline succeeded. */
  flakyPipelines: number;
  /** flakyPipelines / pipelines, 0..1. */
  flakeRate: number;
  latestFlakyPipelineId: number;
  /** Creation time of that pipeline. */
  latestFlakyAt: string;
}

export interface FlakyJobsData {
  generatedAt: string;
  days: number;
  /** Jobs with at least one flaky pipeline, highest flake rate first. */
  jobs: FlakyJob[];
}
