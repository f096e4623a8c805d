import type { Severity } from "@/lib/domain/cwiq";
import type { GateConditionWire, SonarIssueWire } from "./schemas";

const LEGACY: Readonly<Record<NonNullable<SonarIssueWire["severity"]>, Severity>> = {
  BLOCKER: "CRITICAL",
  CRITICAL: "HIGH",
  MAJOR: "MEDIUM",
  MINOR: "LOW",
  INFO: "INFO",
};

type ImpactSeverity = NonNullable<SonarIssueWire["impacts"]>[number]["severity"];

const IMPACT: Readonly<Record<ImpactSeverity, Severity>> = {
  BLOCKER: "CRITICAL",
  HIGH: "HIGH",
  MEDIUM: "MEDIUM",
  LOW: "LOW",
  INFO: "INFO",
};

const RANK: Readonly<Record<Severity, number>> = { CRITICAL: 4, HIGH: 3, MEDIUM: 2, LOW: 1, INFO: 0 };

/**
 * Decision: the legacy `severity` wins when present. Every SonarQube version sends it with five levels,
 * while impacts (10.2+) had only HIGH/MEDIUM/LOW before 10.8 and so cannot tell a blocker from a critical.
 * Only when an issue has no legacy severity (MQR-only answers) is its highest impact severity used.
 */
export function issueSeverity(issue: Pick<SonarIssueWire, "severity" | "impacts">): Severity {
  if (issue.severity) return LEGACY[issue.severity];
  let best: Severity = "INFO";
  for (const impact of issue.impacts ?? []) {
    const mapped = IMPACT[impact.severity];
    if (RANK[mapped] > RANK[best]) best = mapped;
  }
  return best;
}

/** Measure values arrive as strings ("82.5", "14"); missing or unparseable → null. */
export function measureNumber(value: string | undefined): number | null {
  if (value === undefined || value.trim() === "") return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

export interface QualityGateCondition {
  metricKey: string;
  status: "OK" | "WARN" | "ERROR" | "NONE";
  comparator: string;
  errorThreshold: string | null;
  /** Only from SonarQube before 7.6, whose conditions could warn. */
  warningThreshold: string | null;
  actualValue: string | null;
}

export function gateCondition(c: GateConditionWire): QualityGateCondition {
  return {
    metricKey: c.metricKey,
    status: c.status,
    comparator: c.comparator,
    errorThreshold: c.errorThreshold ?? null,
    warningThreshold: c.warningThreshold ?? null,
    actualValue: c.actualValue ?? null,
  };
}

/**
 * A condition as stored and shown: `new_coverage 71.2 (LT 80)`. The threshold is the one the status
 * was judged against: a WARN from SonarQube before 7.6 crossed its warning threshold (often its only
 * one), an ERROR the error threshold. `?` only when SonarQube sent no value at all.
 */
export function conditionText(c: QualityGateCondition): string {
  const warned = c.status === "WARN" && c.warningThreshold !== null;
  const threshold = warned ? c.warningThreshold : (c.errorThreshold ?? c.warningThreshold);
  return `${c.metricKey} ${c.actualValue ?? "?"} (${c.comparator} ${threshold ?? "?"}${warned ? ", warning" : ""})`;
}
