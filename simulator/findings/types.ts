/**
 * The simulated platform's security findings: which weaknesses exist in each project's code and image,
 * when they appeared and when (if ever) they were fixed. Artifacts (SARIF, Trivy JSON), SonarQube and
 * DefectDojo all read from this one world, so the upstreams agree with each other as real ones do.
 */

export type SimSeverity = "CRITICAL" | "HIGH" | "MEDIUM" | "LOW" | "INFO";

/** The scanner that reports a finding: Semgrep and Trivy filesystem on every branch, Trivy image on main. */
export type SimScanner = "semgrep" | "trivy-fs" | "trivy-image";

/** What a finding is about: code (Semgrep), a package CVE, a Dockerfile check, a committed secret. */
export type SimFindingKind = "code" | "vulnerability" | "misconfiguration" | "secret";

export interface SimFinding {
  /**
   * Stable identity in the world, e.g. `server:trivy-image:CVE-2024-1234:openssl`. A weakness that is
   * fixed and later comes back keeps its key (as its fingerprint does in real scanners); at one time a
   * key is present at most once.
   */
  key: string;
  scanner: SimScanner;
  kind: SimFindingKind;
  /** Semgrep rule id, Trivy misconfiguration/secret id, or CVE / GHSA id. */
  ruleId: string;
  severity: SimSeverity;
  title: string;
  /** e.g. `CWE-89` or Semgrep's `CWE-89: Improper Neutralization …`; null when the tool gives none. */
  cwe: string | null;
  /**
   * Code findings, misconfigurations and secrets: path in the repository and line (the line may drift
   * from run to run). Package vulnerabilities: the lockfile (trivy-fs) or null (image), line null.
   */
  file: string | null;
  line: number | null;
  /** Vulnerabilities: package, installed and fixed version. */
  packageName: string | null;
  installedVersion: string | null;
  fixedVersion: string | null;
  /** Simulated epoch ms: present in commits created at or after this time … */
  introducedAt: number;
  /** … and before this one (Infinity while still open). */
  fixedAt: number;
}

export interface FindingsWorld {
  /** Findings present in `projectId`'s code/image as of a commit created at `t`, for one scanner. */
  presentAt(projectId: number, scanner: SimScanner, t: number): SimFinding[];
}
