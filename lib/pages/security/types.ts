/*
 * The security page's data as it crosses to the browser: plain JSON only (ISO-8601 strings,
 * numbers). Client components import these types and constants only.
 */
import { SCAN_TOOLS, type Severity, type SeverityCounts } from "@/lib/domain/cwiq";
import type { FindingMaxAgeDays } from "@/lib/platform/config";

export type { FindingMaxAgeDays };

export const PERIODS = [7, 30, 90] as const;
export type Period = (typeof PERIODS)[number];

/** Scanners the filter accepts: every artifact scanner (CWIQ's three, Gitleaks, GitLab's analyzers, other SARIF) and SonarQube. */
export const SCANNERS = [...SCAN_TOOLS, "sonarqube"] as const;
export type Scanner = (typeof SCANNERS)[number];
/** Scanners whose reports Stageboard reads from job artifacts (`scan_report.tool`, `finding.tool`). */
export const ARTIFACT_SCANNERS = SCAN_TOOLS satisfies readonly Scanner[];

/** How the page names each scanner (filter, chart titles). */
export const SCANNER_LABELS: Record<Scanner, string> = {
  semgrep: "Semgrep",
  "trivy-fs": "Trivy filesystem",
  "trivy-image": "Trivy image",
  gitleaks: "Gitleaks",
  "gitlab-sast": "GitLab SAST",
  "gitlab-secrets": "GitLab secret detection",
  "gitlab-dependencies": "GitLab dependency scanning",
  "gitlab-container": "GitLab container scanning",
  sarif: "Other SARIF",
  sonarqube: "SonarQube",
};

/** A series key's label: a scanner's name, anything else as it is. */
export function scannerLabel(key: string): string {
  const scanner = SCANNERS.find((s) => s === key);
  return scanner ? SCANNER_LABELS[scanner] : key;
}

/**
 * The state filter. Every value applies to findings still open (in the latest main report of
 * their tool); what differs is DefectDojo's triage:
 * - `open`: not triaged away — no DefectDojo state, or `active`, or `verified`;
 * - `verified`, `false_positive`, `risk_accepted`, `duplicate`, `mitigated`: that DefectDojo state.
 * No state filter: every open finding, whatever its triage.
 */
export const STATES = ["open", "verified", "false_positive", "risk_accepted", "duplicate", "mitigated"] as const;
export type FindingState = (typeof STATES)[number];
/** DefectDojo states that take a finding off the open counts. */
export const TRIAGED_AWAY = ["false_positive", "risk_accepted", "duplicate", "mitigated"] as const;

export const SORTS = ["severity", "age", "service", "scanner", "title", "lastSeen"] as const;
export type SortKey = (typeof SORTS)[number];
export type SortDir = "asc" | "desc";

export interface SecurityPageParams {
  period: Period;
  service?: string;
  scanner?: Scanner;
  severity?: Severity;
  state?: FindingState;
  sort: SortKey;
  dir: SortDir;
  /** 1-based. */
  page: number;
  perPage: number;
  /**
   * Set by the server, never from the URL: only these services' findings (the viewer's scope). Part of
   * the params, so answers are cached per scope.
   */
  within?: readonly string[];
}


/** Findings by severity on a UTC day: a level (the latest report as of the day's end), not a sum of runs. */
export interface TrendPoint extends SeverityCounts {
  /** `YYYY-MM-DD` */
  day: string;
  total: number;
}

export interface TrendSeries {
  /** A scanner or a service name. */
  key: string;
  points: TrendPoint[];
}

export interface FindingRow {
  id: number;
  service: string;
  /** An artifact scanner (`finding.tool`, one of SCAN_TOOLS). */
  scanner: string;
  severity: Severity;
  title: string;
  location: string;
  rule: string;
  firstSeenAt: string;
  lastSeenAt: string;
  ageDays: number;
  /** Open, not triaged away, and older than its severity's threshold. */
  pastAge: boolean;
  state: FindingState;
  dojoFindingUrl: string | null;
  sonarIssueUrl: string | null;
  jobWebUrl: string | null;
}

export interface ArtifactProblem {
  service: string;
  scanner: string;
  status: "error" | "unavailable";
  message: string | null;
  pipelineId: number;
  at: string;
  jobWebUrl: string | null;
}

export interface SecurityPageData {
  generatedAt: string;
  params: SecurityPageParams;
  /** Every configured service (for the filter). */
  services: string[];
  maxAgeDays: FindingMaxAgeDays;
  period: { days: Period; from: string; to: string };
  trends: {
    /** Sum over the filtered services and scanners (SonarQube included). */
    total: TrendPoint[];
    byScanner: TrendSeries[];
    byService: TrendSeries[];
    /** Active findings in DefectDojo's latest test per service; null when there is none or a scanner filter is set. */
    defectdojo: TrendPoint[] | null;
  };
  /** Open, not triaged away, per service (scanner filter applies). */
  openNow: { service: string; critical: number; high: number }[];
  /** Mean time to remediate of findings fixed in the period (service and scanner filters apply). */
  mttr: { severity: Severity; fixed: number; meanHours: number | null }[];
  /** Open, not triaged away and older than the threshold (service and scanner filters apply). */
  pastAge: { severity: Severity; maxAgeDays: number; count: number }[];
  /** The latest main report per service and scanner, when it could not be read. */
  problems: ArtifactProblem[];
  findings: { items: FindingRow[]; total: number; page: number; perPage: number; pageCount: number };
}
