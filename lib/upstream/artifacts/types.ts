/** Severity bands every scanner's own scale is mapped onto, most severe first. */
export const SEVERITIES = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Scanners whose artifacts yield findings (the CWIQ jobs semgrep, trivy-fs-scan, trivy-image-scan). */
export const SCAN_TOOLS = ["semgrep", "trivy-fs", "trivy-image"] as const;
export type ScanTool = (typeof SCAN_TOOLS)[number];

/** Every artifact kind `parseArtifact` understands: the scanners plus coverage and the build's dotenv. */
export const ARTIFACT_TOOLS = [...SCAN_TOOLS, "cobertura", "dotenv"] as const;
export type ArtifactTool = (typeof ARTIFACT_TOOLS)[number];

export type FindingCategory = "code" | "vulnerability" | "misconfiguration" | "secret";

export interface NormalizedFinding {
  tool: ScanTool;
  category: FindingCategory;
  /** Semgrep rule id, Trivy misconfiguration/secret id, or CVE / GHSA id. */
  ruleId: string;
  severity: Severity;
  title: string;
  /** `file:line` for code, misconfigurations and secrets; `package@version` for vulnerabilities. */
  location: string;
  /** Source file, or for vulnerabilities the Trivy target the package was found in. */
  file: string | null;
  line: number | null;
  packageName: string | null;
  installedVersion: string | null;
  fixedVersion: string | null;
  links: string[];
  /** Same value for the same finding in the next run (see fingerprint.ts). */
  fingerprint: string;
}

export type CountsBySeverity = Record<Severity, number>;

export interface CoverageSummary {
  /** 0..1 as the report states it. */
  lineRate: number;
  linesValid: number | null;
  linesCovered: number | null;
  /** Null when the report measured no branches (branches-valid="0"), whatever branch-rate says. */
  branchRate: number | null;
  branchesValid: number | null;
  branchesCovered: number | null;
}

export interface DotenvSummary {
  variables: Record<string, string>;
  /** `IMAGE_TAG` from the build job's build.env (`main-{sha}`), null when absent. */
  imageTag: string | null;
}

export type ArtifactResult =
  | { status: "ok"; kind: "scan"; tool: ScanTool; findings: NormalizedFinding[]; countsBySeverity: CountsBySeverity }
  | { status: "ok"; kind: "coverage"; tool: "cobertura"; coverage: CoverageSummary }
  | { status: "ok"; kind: "dotenv"; tool: "dotenv"; dotenv: DotenvSummary }
  | { status: "error"; tool: ArtifactTool | null; message: string };

/** Thrown inside the parsers for bad input; `parseArtifact` turns it into an error result. */
export class ArtifactError extends Error {
  override name = "ArtifactError";
}

export function isScanTool(value: string): value is ScanTool {
  return SCAN_TOOLS.some((tool) => tool === value);
}

export function isArtifactTool(value: string): value is ArtifactTool {
  return ARTIFACT_TOOLS.some((tool) => tool === value);
}
