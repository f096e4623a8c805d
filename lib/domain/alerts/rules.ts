/**
 * The alert rules Stageboard knows, who they are for, and their CWIQ defaults. Each can be switched off
 * and tuned through the environment (lib/platform/config/alerts.ts); the evaluation lives in
 * lib/ingest/alerts, reading only the database.
 */

export const ALERT_RULES = [
  // Engineers
  "main_pipeline_failed",
  "stage_failing_streak",
  "job_flaky",
  "test_flaky",
  "main_duration_p95_up",
  // Security
  "new_critical_finding",
  "finding_age_near",
  "finding_age_passed",
  "quality_gate_failed",
  // Managers
  "dev_unhealthy",
  "dev_image_behind",
  "image_tag_integrity",
  // Stageboard itself
  "gitlab_unreachable",
  "gitlab_token_rejected",
  "sync_behind",
] as const;

export type AlertRule = (typeof ALERT_RULES)[number];

export type Audience = "engineers" | "security" | "managers" | "stageboard";

export const RULE_INFO: Readonly<Record<AlertRule, { audience: Audience; label: string }>> = {
  main_pipeline_failed: { audience: "engineers", label: "Main pipeline failed" },
  stage_failing_streak: { audience: "engineers", label: "Stage failing main pipelines in a row" },
  job_flaky: { audience: "engineers", label: "Flaky job" },
  test_flaky: { audience: "engineers", label: "Flaky test" },
  main_duration_p95_up: { audience: "engineers", label: "Main pipelines slower week on week" },
  new_critical_finding: { audience: "security", label: "New critical or high finding on main" },
  finding_age_near: { audience: "security", label: "Finding about to pass its age limit" },
  finding_age_passed: { audience: "security", label: "Finding past its age limit" },
  quality_gate_failed: { audience: "security", label: "SonarQube quality gate failed on main" },
  dev_unhealthy: { audience: "managers", label: "Dev deployment failed" },
  dev_image_behind: { audience: "managers", label: "Dev runs an old image" },
  image_tag_integrity: { audience: "managers", label: "Image-tag integrity broken on main" },
  gitlab_unreachable: { audience: "stageboard", label: "GitLab unreachable" },
  gitlab_token_rejected: { audience: "stageboard", label: "GitLab rejected the token" },
  sync_behind: { audience: "stageboard", label: "Sync behind" },
};

/** Thresholds of the tunable rules. */
export interface AlertThresholds {
  /** stage_failing_streak: main pipelines in a row with the same stage failed. */
  stageFailingRuns: number;
  /**
   * job_flaky and test_flaky, one threshold for both: flake rate (percent of runs) over the last
   * `flakeWindowDays`, with at least `flakeMinRuns` runs. A job's run is a pipeline it ran in, a
   * test's a commit it ran on (each kind's own flake rule, lib/domain/metrics/flakes.ts and test-flakes.ts).
   */
  flakeRatePercent: number;
  flakeMinRuns: number;
  flakeWindowDays: number;
  /** main_duration_p95_up: percent by which this week's p95 may exceed last week's. */
  durationP95IncreasePercent: number;
  /** finding_age_near: days before the age limit (FINDING_MAX_AGE_DAYS) that warn. */
  findingAgeWarnDays: number;
  /** dev_image_behind: main pipelines newer than what dev runs. */
  devImageBehindPipelines: number;
  /** gitlab_unreachable / gitlab_token_rejected: minutes the problem lasts before it fires. */
  gitlabDownMinutes: number;
  /** sync_behind: minutes without a successful sync of a service. */
  syncBehindMinutes: number;
  /** Damping: a time-based (sync) alert clears only after its condition has been gone this long. */
  clearAfterSeconds: number;
}

export const DEFAULT_THRESHOLDS: AlertThresholds = {
  stageFailingRuns: 3,
  flakeRatePercent: 10,
  flakeMinRuns: 10,
  flakeWindowDays: 7,
  durationP95IncreasePercent: 25,
  findingAgeWarnDays: 2,
  devImageBehindPipelines: 5,
  gitlabDownMinutes: 10,
  syncBehindMinutes: 15,
  clearAfterSeconds: 120,
};

/**
 * Rules whose condition is measured (a clock, a rate) rather than decided by one upstream event: they
 * flap at the boundary, so their clearing waits for `clearAfterSeconds`. The rest fire and clear on a
 * pipeline's or deployment's own outcome, which does not flap.
 */
export const DAMPED_RULES: ReadonlySet<AlertRule> = new Set<AlertRule>([
  "gitlab_unreachable",
  "gitlab_token_rejected",
  "sync_behind",
  "job_flaky",
  "test_flaky",
  "main_duration_p95_up",
]);

/**
 * Rules decided by what a cycle's pipelines step stores alone (pipelines, their stages and jobs): the
 * sync evaluates them as soon as pipelines are stored, before the cycle's slower steps, so a broken
 * main reaches the channels within seconds of the poll or webhook that saw it (the failed tests join
 * its detail once the report is read). Not here: rules reading what later steps store (findings,
 * SonarQube, image-tag findings, test results, GitLab's timings behind the durations) or the sync
 * state written when a project's cycle ends; an early look at those would clear and fire again.
 */
export const PIPELINE_DECIDED_RULES: ReadonlySet<AlertRule> = new Set<AlertRule>([
  "main_pipeline_failed",
  "stage_failing_streak",
  "job_flaky",
  "dev_unhealthy",
  "dev_image_behind",
]);

export const alertKey = (rule: AlertRule, service: string | null, subject: string): string => `${rule}:${service ?? ""}:${subject}`;
