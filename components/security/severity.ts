import type { Severity } from "@/lib/domain/cwiq";

/**
 * One colour per severity, shared by charts and badges (the badge text says the severity too): the
 * colour roles of app/globals.css, so they follow the light or dark scheme.
 */
export const SEVERITY_COLOURS: Record<Severity, string> = {
  CRITICAL: "var(--color-sev-critical)",
  HIGH: "var(--color-sev-high)",
  MEDIUM: "var(--color-sev-medium)",
  LOW: "var(--color-sev-low)",
  INFO: "var(--color-sev-info)",
};

export const SEVERITY_LABELS: Record<Severity, string> = {
  CRITICAL: "Critical",
  HIGH: "High",
  MEDIUM: "Medium",
  LOW: "Low",
  INFO: "Info",
};

export const STATE_LABELS: Record<string, string> = {
  open: "Open",
  verified: "Verified",
  false_positive: "False positive",
  risk_accepted: "Risk accepted",
  duplicate: "Duplicate",
  mitigated: "Mitigated",
};

/** Mean time to remediate, in hours or days. */
export function formatHours(hours: number | null): string {
  if (hours === null) return "—";
  if (hours < 48) return `${hours.toFixed(hours < 10 ? 1 : 0)} h`;
  return `${(hours / 24).toFixed(1)} d`;
}
