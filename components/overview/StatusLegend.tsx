import { STAGE_STATUS_LABELS } from "@/lib/pages/overview/labels";
import type { StageStatus } from "@/lib/pages/overview/types";
import { StageCell } from "../pipeline-parts/StageCell";

const ORDER: (StageStatus | null)[] = ["success", "failed", "failed_allowed", "running", "pending", "manual", "created", "skipped", "canceled", null];

/** What each cell look means. */
export function StatusLegend() {
  return (
    <ul aria-label="Stage status legend" className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted">
      {ORDER.map((status) => (
        <li key={status ?? "none"} className="inline-flex items-center gap-1.5">
          <StageCell stage="stage" status={status} size="mini" />
          {STAGE_STATUS_LABELS[status ?? "none"]}
        </li>
      ))}
    </ul>
  );
}
