import { stageCellLabel } from "@/lib/pages/overview/labels";
import type { StageStatus } from "@/lib/pages/overview/types";
import { StatusIcon } from "./StatusIcon";
import { STAGE_STYLES } from "./stageStyles";

interface Props {
  stage: string;
  status: StageStatus | null;
  size?: "regular" | "mini";
  testId?: string;
}

/** One stage of one pipeline: colour, icon and a text label ("build: failed") for tooltips and screen readers. */
export function StageCell({ stage, status, size = "regular", testId }: Props) {
  const label = stageCellLabel(stage, status);
  const box = size === "mini" ? "h-4 w-4 rounded-sm" : "h-7 w-7 rounded-md";
  const icon = size === "mini" ? "h-2.5 w-2.5" : "h-4 w-4";
  return (
    <span
      role="img"
      aria-label={label}
      title={label}
      data-testid={testId}
      data-status={status ?? "none"}
      className={`inline-flex shrink-0 items-center justify-center border ${box} ${STAGE_STYLES[status ?? "none"]}`}
    >
      <StatusIcon status={status} className={icon} />
    </span>
  );
}
