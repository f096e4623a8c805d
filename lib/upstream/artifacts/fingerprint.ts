import { hash } from "node:crypto";
import type { ScanTool } from "@/lib/domain/cwiq";

/*
 * A finding's fingerprint must survive the next run: nothing that drifts (line numbers, installed
 * versions, image tags) goes into it.
 * - code: tool, rule, file and Semgrep's `matchBasedId` when it is real (without a login Semgrep
 *   writes the placeholder "requires login"), else the matched snippet with whitespace collapsed,
 *   else the message;
 * - vulnerability: tool, CVE/ID, package and where the package lives — for OS packages just "os",
 *   because an image scan's target is the image reference, whose tag changes every build;
 * - misconfiguration: tool, check ID, file and resource;
 * - secret: tool, rule, file and Trivy's redacted match text; for Gitleaks the commit instead, and for
 *   GitLab's secret detection its line-free compare key (`cve`) and commit: never the secret itself;
 * - GitLab reports: code as above with the analyzer's tracking signature for the match, dependencies
 *   like Trivy's (lockfile as the target), container packages like OS packages;
 * - any other SARIF: as code, with the driver's name, so two tools in one file never share one.
 * Two findings of one report that share every part are told apart by their order (see uniqueFingerprints).
 */

export function fingerprintOf(tool: ScanTool, ...parts: readonly (string | null)[]): string {
  // NUL never occurs in ids, paths or code; null parts get their own marker. One-shot crypto.hash,
  // because a large report computes tens of thousands of these.
  return hash("sha256", [tool, ...parts].map((part) => part ?? "\u0001").join("\u0000"), "hex");
}

/** Os-package vulnerabilities share one location key, whatever the image is called this run. */
export const OS_PACKAGES_TARGET = "os";

/** Semgrep fingerprint values that identify nothing. */
export function isRealFingerprint(value: string | undefined): value is string {
  return value !== undefined && value.length >= 8 && !/\s/.test(value);
}

export function normalizeSnippet(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Makes fingerprints unique within one report: the n-th repeat (n ≥ 2) is re-hashed with n. */
export function uniqueFingerprints<T extends { fingerprint: string; tool: ScanTool }>(findings: T[]): T[] {
  const seen = new Map<string, number>();
  for (const finding of findings) {
    const count = (seen.get(finding.fingerprint) ?? 0) + 1;
    seen.set(finding.fingerprint, count);
    if (count > 1) finding.fingerprint = fingerprintOf(finding.tool, finding.fingerprint, String(count));
  }
  return findings;
}
