import type { Severity } from "@/lib/domain/cwiq";
import { SEVERITY_COLOURS, SEVERITY_LABELS } from "./severity";

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span className="inline-flex items-center gap-1.5 whitespace-nowrap text-xs font-medium text-body">
      <span aria-hidden className="inline-block size-2.5 rounded-sm" style={{ backgroundColor: SEVERITY_COLOURS[severity] }} />
      {SEVERITY_LABELS[severity]}
    </span>
  );
}
