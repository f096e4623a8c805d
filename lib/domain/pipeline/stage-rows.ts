import { STAGES } from "@/lib/domain/cwiq";

/** A stored stage result, as the stage cells are made from it. */
export interface StageRow {
  stage: string;
  position: number;
  status: string;
  startedAt: Date | null;
}

/** A pipeline row with one stage_result LEFT JOINed: the stage columns are null for a pipeline without stage results. */
export interface PipelineWithStageColumns {
  id: bigint;
  stage: string | null;
  stagePosition: number | null;
  stageStatus: string | null;
  stageStartedAt: Date | null;
}

/**
 * Flat (pipeline, stage) rows → one entry per pipeline: its first row and its stage results, in
 * order of first appearance. A stage without a position sorts after the standard ones.
 */
export function groupStageRows<R extends PipelineWithStageColumns>(rows: readonly R[]): { row: R; stages: StageRow[] }[] {
  const byId = new Map<bigint, { row: R; stages: StageRow[] }>();
  for (const row of rows) {
    const entry = byId.get(row.id) ?? { row, stages: [] };
    if (row.stage !== null) {
      entry.stages.push({
        stage: row.stage,
        position: row.stagePosition ?? STAGES.length,
        status: row.stageStatus ?? "pending",
        startedAt: row.stageStartedAt,
      });
    }
    byId.set(row.id, entry);
  }
  return [...byId.values()];
}
