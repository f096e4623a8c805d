import type { StageCellData } from "@/lib/pages/overview/types";
import { StageCell } from "./StageCell";

/** A pipeline's stages as one row of mini cells, for a table row. */
export function MiniStages({ stages }: { stages: readonly StageCellData[] }) {
  return (
    <span className="flex gap-0.5">
      {stages.map((cell) => (
        <StageCell key={cell.stage} stage={cell.stage} status={cell.status} size="mini" />
      ))}
    </span>
  );
}
