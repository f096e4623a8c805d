import { statusLook } from "../pipeline-parts/statusLook";
import type { StageStatus } from "@/lib/pages/pipelines/types";

const LABEL: Record<string, string> = {
  success: "passed",
  waiting_for_resource: "waiting for resource",
};

export function jobLook(status: string, allowFailure: boolean): StageStatus | null {
  if (status === "failed" && allowFailure) return "failed_allowed";
  return statusLook(status);
}

export function jobStatusLabel(status: string): string {
  return LABEL[status] ?? status.replaceAll("_", " ");
}

/** GitLab's failure_reason values, as words ("script_failure" → "script failure"). */
export function failureReasonLabel(reason: string): string {
  return reason.replaceAll("_", " ");
}
