import { STAGES, type Stage } from "@/lib/domain/cwiq";

/** One of the nine CWIQ stages, rather than a stage a project added. */
export function isStandardStage(stage: string): stage is Stage {
  return (STAGES as readonly string[]).includes(stage);
}

/**
 * Sort position of a stage: standard stages by pipeline order, any other stage after them.
 * Non-standard stages are kept and shown, never dropped.
 */
export function stagePosition(stage: string): number {
  const index = (STAGES as readonly string[]).indexOf(stage);
  return index === -1 ? STAGES.length : index;
}

/** A stage's status as Stageboard shows it, derived from its jobs. */
export const STAGE_STATUSES = [
  "success",
  "failed",
  "failed_allowed",
  "running",
  "pending",
  "created",
  "manual",
  "skipped",
  "canceled",
] as const;

export type StageStatus = (typeof STAGE_STATUSES)[number];

const STAGE_STATUS_SET: ReadonlySet<string> = new Set(STAGE_STATUSES);

/**
 * A stored stage status as a StageStatus. The sync only writes known values; anything else
 * (e.g. GitLab's raw waiting_for_resource) is never shown as passed or failed.
 */
export function asStageStatus(status: string): StageStatus {
  if (STAGE_STATUS_SET.has(status)) return status as StageStatus;
  if (status === "success_with_warnings") return "failed_allowed";
  return "pending";
}
