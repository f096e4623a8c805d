/*
 * Words the overview uses for states. Kept apart from the components so the wording
 * (which tests and people search for) lives in one place and stays client-safe.
 */
import type { SyncErrorKind } from "@/lib/domain/sync-problems";
import type { StageStatus } from "./types";

export const SYNC_ERROR_LABELS: Record<SyncErrorKind, string> = {
  auth: "GitLab rejected the token",
  rate_limit: "GitLab's rate limit was reached",
  network: "GitLab could not be reached",
  timeout: "GitLab did not answer in time",
  upstream: "GitLab answered with a server error",
  invalid_response: "GitLab sent a response Stageboard could not read",
  not_found: "GitLab did not find the project (check the project path and the token's access)",
  internal: "the sync failed inside Stageboard",
};

export const STAGE_STATUS_LABELS: Record<StageStatus | "none", string> = {
  success: "passed",
  failed: "failed",
  failed_allowed: "passed with warnings (allowed failure)",
  running: "running",
  pending: "pending",
  created: "created",
  manual: "manual",
  skipped: "skipped",
  canceled: "canceled",
  none: "not run",
};

export function stageStatusLabel(status: StageStatus | null): string {
  return STAGE_STATUS_LABELS[status ?? "none"];
}

/** "build: failed" — the accessible name and tooltip of a stage cell. */
export function stageCellLabel(stage: string, status: StageStatus | null): string {
  return `${stage}: ${stageStatusLabel(status)}`;
}

/** Whether a stored error kind is one Stageboard knows (the labels list every kind once). */
export function isSyncErrorKind(value: string): value is SyncErrorKind {
  return Object.hasOwn(SYNC_ERROR_LABELS, value);
}
