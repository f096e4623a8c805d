import type { StageStatus } from "@/lib/domain/pipeline/stages";

/** GitLab's pipeline and job statuses, mapped onto the looks (colour + icon) of the stage cells. */
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
  blocked: "manual",
  waiting_for_callback: "pending",
  canceling: "canceled",
  skipped: "skipped",
  canceled: "canceled",
};

/** The look of a GitLab status; null for a status Stageboard does not know. */
export function statusLook(status: string): StageStatus | null {
  return LOOK[status] ?? null;
}
