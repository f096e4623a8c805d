import { StatusIcon } from "./StatusIcon";
import { STAGE_STYLES } from "./stageStyles";
import { statusLook } from "./statusLook";

/** GitLab's own words for a pipeline's status where they differ from the status: a manual pipeline waits, blocked. */
const LABEL: Record<string, string> = {
  success: "passed",
  manual: "blocked",
  waiting_for_resource: "waiting",
};

/** The pipeline's overall status as GitLab reports it, as text with icon and colour. */
export function PipelineStatusBadge({ status }: { status: string }) {
  const look = statusLook(status);
  const style = look ? STAGE_STYLES[look] : "bg-subtle text-body border-line-strong";
  return (
    <span
      data-status={status}
      title={status === "manual" || status === "blocked" ? "Waiting for someone to play a manual job" : undefined}
      className={`inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-medium whitespace-nowrap ${style}`}
    >
      <StatusIcon status={look ?? null} className="h-3 w-3" />
      {LABEL[status] ?? status.replaceAll("_", " ")}
    </span>
  );
}
