import { Rng } from "./random";
import type { RefKind } from "./rules";

/** Failure reasons as GitLab reports them in `failure_reason`. */
export type FailureReason = "script_failure" | "runner_system_failure" | "stuck_or_timeout_failure";

export interface JobFailure {
  reason: FailureReason;
  /** How far into its planned run time the job fails (0..1). */
  atFraction: number;
}

/**
 * integration-test is the flaky one: it fails and is retried by GitLab at once (runner_system_failure is in
 * its `retry: when:` list), or it fails with a script error and someone retries it by hand later, or nobody does.
 */
export type FlakyOutcome = "none" | "auto-retry" | "manual-retry" | "left-failed";

/** Everything that decides how one pipeline goes, drawn up front from its own random stream. */
export interface Scenario {
  failures: ReadonlyMap<string, JobFailure>;
  flaky: FlakyOutcome;
  manualRetryDelayMs: number;
  /** Cancel the pipeline this far (0..1) between creation and its first completion; null = not canceled. */
  cancelAtFraction: number | null;
  /** Someone plays the manual deploy-dev job this long after the pipeline first settles. */
  playManual: { delayMs: number; fails: boolean } | null;
  /** The pipeline's ref kind, for the delivery scenario drawn from its own stream. */
  refKind: RefKind;
}

type FailureOdds = Partial<Record<RefKind, number>>;

/** Per-job failure odds by ref kind; allow_failure scanners fail often (findings), deploys now and then. */
const FAILURE_ODDS: ReadonlyArray<readonly [string, FailureOdds]> = [
  ["lint", { branch: 0.09, main: 0.01 }],
  ["typecheck", { branch: 0.04, main: 0.005 }],
  ["semgrep", { branch: 0.14, main: 0.1, tag: 0.08 }],
  ["trivy-fs-scan", { branch: 0.1, main: 0.1, tag: 0.1 }],
  ["test", { branch: 0.04, main: 0.01, tag: 0.01 }],
  ["build-push", { branch: 0.015, main: 0.01, tag: 0.01 }],
  ["sonarqube-scan", { main: 0.02 }],
  ["trivy-image-scan", { main: 0.03 }],
  ["defectdojo-import", { main: 0.015 }],
  ["release", { tag: 0.03 }],
  ["deploy-dev", { main: 0.06 }],
  ["migrate-dev", { main: 0.025 }],
  ["verify-dev", { main: 0.06 }],
];

function failureReasonFor(job: string, rng: Rng): FailureReason {
  if (job === "build-push") return rng.chance(0.5) ? "runner_system_failure" : "script_failure";
  if (job === "deploy-dev" || job === "verify-dev") return rng.chance(0.15) ? "stuck_or_timeout_failure" : "script_failure";
  return rng.chance(0.04) ? "runner_system_failure" : "script_failure";
}

export function chooseScenario(kind: RefKind, rng: Rng): Scenario {
  const failures = new Map<string, JobFailure>();
  for (const [job, odds] of FAILURE_ODDS) {
    const p = odds[kind] ?? 0;
    if (p > 0 && rng.chance(p)) failures.set(job, { reason: failureReasonFor(job, rng), atFraction: rng.float(0.15, 0.95) });
  }

  let flaky: FlakyOutcome = "none";
  if (rng.chance(0.13)) flaky = rng.weighted<FlakyOutcome>([["auto-retry", 45], ["manual-retry", 35], ["left-failed", 20]]);
  const manualRetryDelayMs = rng.int(3 * 60_000, 45 * 60_000);

  const cancelAtFraction = rng.chance(0.025) ? rng.float(0.1, 0.85) : null;
  const playManual =
    kind === "branch" && rng.chance(0.15) ? { delayMs: rng.int(2 * 60_000, 90 * 60_000), fails: rng.chance(0.1) } : null;

  return { failures, flaky, manualRetryDelayMs, cancelAtFraction, playManual, refKind: kind };
}

/**
 * Rare delivery events and rule breaks. Drawn from a stream of their own (keyed by the pipeline's
 * creation time), so adding them left every other pipeline exactly as it was.
 */
export interface DeliveryScenario {
  /** A main pipeline whose templates lost the scan stage (rule break). */
  dropScan: boolean;
  /** A feature branch pipeline that ran push-latest (rule break). */
  branchPush: boolean;
  /** A version tag pipeline without its release job (rule break). */
  tagWithoutRelease: boolean;
  /** A feature branch deploy-dev that ran on its own instead of waiting to be played (rule break). */
  autoDeployBranch: boolean;
  /** A team's variant of the manual deploy-dev that blocks (`allow_failure: false`): the pipeline waits, blocked, for someone to play it. */
  blockingManualDeploy: boolean;
  /** Someone retries build-push this long after a main pipeline settled; its downstream jobs used the old build. */
  rebuildAfterMs: number | null;
  /** Someone re-runs this main pipeline's deploy-dev this long after it settled: a deploy of an older pipeline. */
  redeploy: { afterMs: number; verifyFails: boolean } | null;
}

export function chooseDeliveryScenario(kind: RefKind, createdAt: number): DeliveryScenario {
  const rng = Rng.derive("delivery", createdAt);
  const main = kind === "main";
  const branch = kind === "branch";
  return {
    dropScan: main && rng.chance(0.015),
    branchPush: branch && rng.chance(0.01),
    tagWithoutRelease: kind === "tag" && rng.chance(0.06),
    autoDeployBranch: branch && rng.chance(0.012),
    rebuildAfterMs: main && rng.chance(0.025) ? rng.int(10 * 60_000, 3 * 3_600_000) : null,
    redeploy: main && rng.chance(0.02) ? { afterMs: rng.int(20 * 3_600_000, 72 * 3_600_000), verifyFails: rng.chance(0.15) } : null,
    // Drawn last, so the scenarios above stay what they were for every seed.
    blockingManualDeploy: branch && rng.chance(0.04),
  };
}

/** Whether the delivery scenario makes the pipeline break one of DESIGN.md's branch rules. */
export function breaksBranchRules(d: DeliveryScenario): boolean {
  return d.dropScan || d.branchPush || d.tagWithoutRelease || d.autoDeployBranch;
}
