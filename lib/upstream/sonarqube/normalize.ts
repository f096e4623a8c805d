import type { Severity } from "@/lib/domain/cwiq";
import type { SonarIssueWire } from "./schemas";

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
