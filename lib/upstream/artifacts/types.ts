import { ARTIFACT_TOOLS, SCAN_TOOLS, type ArtifactTool, type ScanTool, type Severity, type SeverityCounts } from "@/lib/domain/cwiq";

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
  | { status: "ok"; kind: "scan"; tool: ScanTool; findings: NormalizedFinding[]; countsBySeverity: SeverityCounts }
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
