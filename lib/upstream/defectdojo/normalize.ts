import type { Severity } from "@/lib/domain/cwiq";
import type { DojoFindingWire } from "./schemas";

export const FINDING_STATES = ["active", "verified", "false_positive", "duplicate", "mitigated", "risk_accepted"] as const;
export type FindingState = (typeof FINDING_STATES)[number];

const SEVERITY: Readonly<Record<DojoFindingWire["severity"], Severity>> = {
  Critical: "CRITICAL",
  High: "HIGH",
  Medium: "MEDIUM",
  Low: "LOW",
  Info: "INFO",
};

export function findingSeverity(severity: DojoFindingWire["severity"]): Severity {
  return SEVERITY[severity];
}

/**
 * One state per finding, though DefectDojo keeps independent flags. Precedence: a triage verdict on
 * what the finding is (false positive, then duplicate) beats a decision on how it is handled (risk
 * accepted), which beats whether it is fixed (mitigated), which beats review (verified, else active).
 * An inactive finding with none of those flags (imported inactive, or out of scope) is closed, and is
 * counted as mitigated, since nobody needs to act on it.
 */
export function findingState(f: Pick<DojoFindingWire, "active" | "verified" | "false_p" | "duplicate" | "is_mitigated" | "risk_accepted">): FindingState {
  if (f.false_p) return "false_positive";
  if (f.duplicate) return "duplicate";
  if (f.risk_accepted) return "risk_accepted";
  if (f.is_mitigated || !f.active) return "mitigated";
  return f.verified ? "verified" : "active";
}

/** CVE / GHSA id: the legacy `cve`, else the first of `vulnerability_ids`. */
export function findingCve(f: Pick<DojoFindingWire, "cve" | "vulnerability_ids">): string | null {
  return f.cve ?? f.vulnerability_ids?.[0]?.vulnerability_id ?? null;
}
