import type { StageStatus } from "@/lib/pipeline-page/types";

/** GitLab's job statuses, mapped onto the looks (colour + icon) the stage cells use. */
const LOOK: Record<string, StageStatus> = {
  success: "success",
  failed: "failed",
  running: "running",
  pending: "pending",
  waiting_for_resource: "pending",
  preparing: "pending",
  scheduled: "pending",
  created: "created",
  manual: "manual",
  skipped: "skipped",
  canceled: "canceled",
};

const LABEL: Record<string, string> = {
  success: "passed",
  waiting_for_resource: "waiting for resource",
};

export function jobLook(status: string, allowFailure: boolean): StageStatus | null {
  if (status === "failed" && allowFailure) return "failed_allowed";
  return LOOK[status] ?? null;
}

export function jobStatusLabel(status: string): string {
  return LABEL[status] ?? status.replaceAll("_", " ");
}

/** GitLab's failure_reason values, as words ("script_failure" → "script failure"). */
export function failureReasonLabel(reason: string): string {
  return reason.replaceAll("_", " ");
}
