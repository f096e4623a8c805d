import { emptySeverityCounts, type Severity, type SeverityCounts } from "@/lib/domain/cwiq";

/*
 * Each scanner's own severity convention, checked against the real files in test/fixtures/real:
 *
 * - SARIF `properties["security-severity"]` (GitHub's convention; newer Trivy SARIF writes the CVSS
 *   score of the severity source there, e.g. "5.3"): CVSS band ≥9 CRITICAL, ≥7 HIGH, ≥4 MEDIUM,
 *   >0 LOW, 0 INFO.
 * - Trivy SARIF (older format, no security-severity): Trivy's own severity word in the rule's
 *   `properties.tags`, e.g. ["vulnerability", "MEDIUM"]. The SARIF level alone cannot tell CRITICAL
 *   from HIGH (Trivy writes "error" for both), so it is only a fallback.
 * - Semgrep SARIF: the result's `level`, else the rule's `defaultConfiguration.level` (the real
 *   snapshot has no result level and rule level "error"); Semgrep writes no security-severity.
 * - SARIF levels: error → HIGH, warning → MEDIUM, note → LOW, none → INFO; SARIF's default when no
 *   level is given anywhere is "warning".
 * - Trivy JSON `Severity`: CRITICAL/HIGH/MEDIUM/LOW as is, UNKNOWN → INFO.
 * - Any other SARIF (Gitleaks, CodeQL, Bandit…): `security-severity` first, then CodeQL's
 *   `problem.severity` (error → HIGH, warning → MEDIUM, recommendation → LOW), then a severity word
 *   among the tags, then the level. Gitleaks writes none of these, so its findings are "warning" → MEDIUM.
 * - GitLab security reports: Critical/High/Medium/Low/Info as is, Unknown → INFO (as Trivy's UNKNOWN).
 */

export type SarifLevel = "none" | "note" | "warning" | "error";

export function severityFromCvss(score: number): Severity {
  if (score >= 9) return "CRITICAL";
  if (score >= 7) return "HIGH";
  if (score >= 4) return "MEDIUM";
  if (score > 0) return "LOW";
  return "INFO";
}

/** `security-severity` is a string in the SARIF files seen ("5.3"); null when absent or not a score. */
export function severityFromSecuritySeverity(value: string | number | undefined): Severity | null {
  if (value === undefined) return null;
  const score = typeof value === "number" ? value : value.trim() === "" ? Number.NaN : Number(value);
  if (!Number.isFinite(score) || score < 0 || score > 10) return null;
  return severityFromCvss(score);
}

const LEVELS: Record<SarifLevel, Severity> = { error: "HIGH", warning: "MEDIUM", note: "LOW", none: "INFO" };

export function severityFromSarifLevel(level: SarifLevel): Severity {
  return LEVELS[level];
}

const TRIVY_WORDS: Record<string, Severity> = {
  CRITICAL: "CRITICAL",
  HIGH: "HIGH",
  MEDIUM: "MEDIUM",
  LOW: "LOW",
  UNKNOWN: "INFO",
};

/** Trivy's severity word (JSON `Severity`, SARIF tag or message line); null for anything else. */
export function severityFromTrivyWord(word: string): Severity | null {
  return TRIVY_WORDS[word.trim().toUpperCase()] ?? null;
}

const PROBLEM_SEVERITIES: Record<string, Severity> = { error: "HIGH", warning: "MEDIUM", recommendation: "LOW" };

/** CodeQL's `problem.severity` property; null for anything else. */
export function severityFromProblemSeverity(value: string | undefined): Severity | null {
  return value === undefined ? null : (PROBLEM_SEVERITIES[value.trim().toLowerCase()] ?? null);
}

const GITLAB_WORDS: Record<string, Severity> = { critical: "CRITICAL", high: "HIGH", medium: "MEDIUM", low: "LOW", info: "INFO", unknown: "INFO" };

/** A GitLab security report's `severity` (Critical, High, Medium, Low, Info, Unknown); null for anything else. */
export function severityFromGitlabWord(word: string): Severity | null {
  return GITLAB_WORDS[word.trim().toLowerCase()] ?? null;
}

/** The first Trivy severity word among a rule's tags. */
export function severityFromTags(tags: readonly string[] | undefined): Severity | null {
  for (const tag of tags ?? []) {
    const severity = severityFromTrivyWord(tag);
    if (severity) return severity;
  }
  return null;
}

export function countBySeverity(items: readonly { severity: Severity }[]): SeverityCounts {
  const counts = emptySeverityCounts();
  for (const item of items) counts[item.severity] += 1;
  return counts;
}
