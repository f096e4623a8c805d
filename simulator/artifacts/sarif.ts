/**
 * SARIF 2.1.0 as `semgrep --sarif` and `trivy fs --format sarif` write it (see test/fixtures/real/sarif):
 * Semgrep's alphabetically ordered keys, rule-level `defaultConfiguration.level` and `matchBasedId/v1`
 * fingerprints; Trivy's rule `properties["security-severity"]`, result `level` and location message.
 */

import { Rng } from "../random";
import type { SimFinding, SimSeverity } from "../findings/types";

export const SEMGREP_VERSION = "1.97.0";
export const TRIVY_VERSION = "0.57.1";

type Level = "error" | "warning" | "note";

/** Semgrep's rule severities ERROR / WARNING / INFO as SARIF levels. */
const SEMGREP_LEVEL: Readonly<Record<SimSeverity, Level>> = { CRITICAL: "error", HIGH: "error", MEDIUM: "warning", LOW: "note", INFO: "note" };
/** Trivy's toSarifErrorLevel. */
const TRIVY_LEVEL: Readonly<Record<SimSeverity, Level>> = { CRITICAL: "error", HIGH: "error", MEDIUM: "warning", LOW: "note", INFO: "note" };
/** Trivy writes the CVSS v3 score here when it has one, else a fixed value per severity. */
export const SECURITY_SEVERITY: Readonly<Record<SimSeverity, string>> = { CRITICAL: "9.8", HIGH: "7.5", MEDIUM: "5.3", LOW: "3.1", INFO: "0.0" };

/** A finding as one run reports it: the world's finding with this run's line. */
export interface ReportedFinding {
  finding: SimFinding;
  line: number;
}

/** Semgrep's fingerprint hashes rule, path and matched code, not the line: stable while code moves. */
function matchBasedId(key: string): string {
  return Rng.derive("semgrep-fingerprint", key).hex(128);
}

function semgrepRule(f: SimFinding): Record<string, unknown> {
  const url = `https://semgrep.dev/r/${f.ruleId}`;
  const tags = [f.cwe, "HIGH CONFIDENCE", "security"].filter((t): t is string => t !== null);
  return {
    defaultConfiguration: { level: SEMGREP_LEVEL[f.severity] },
    fullDescription: { text: f.title },
    help: { markdown: `${f.title}\n\n<b>References:</b>\n - [Semgrep Rule](${url})\n`, text: f.title },
    helpUri: url,
    id: f.ruleId,
    name: f.ruleId,
    properties: { precision: "very-high", tags },
    shortDescription: { text: `Semgrep Finding: ${f.ruleId}` },
  };
}

export function renderSemgrepSarif(reported: readonly ReportedFinding[]): string {
  const rules = new Map<string, Record<string, unknown>>();
  for (const { finding } of reported) if (!rules.has(finding.ruleId)) rules.set(finding.ruleId, semgrepRule(finding));
  const results = reported.map(({ finding, line }) => ({
    fingerprints: { "matchBasedId/v1": matchBasedId(finding.key) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: finding.file ?? "", uriBaseId: "%SRCROOT%" },
          region: { endColumn: 62, endLine: line, snippet: { text: "requires login" }, startColumn: 9, startLine: line },
        },
      },
    ],
    message: { text: finding.title },
    properties: {},
    ruleId: finding.ruleId,
  }));
  const sarif = {
    $schema: "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json",
    runs: [
      {
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: [] }],
        results,
        tool: { driver: { name: "Semgrep OSS", rules: [...rules.values()].sort((a, b) => String(a.id).localeCompare(String(b.id))), semanticVersion: SEMGREP_VERSION } },
      },
    ],
    version: "2.1.0",
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

const avdLink = (f: SimFinding): string =>
  f.kind === "misconfiguration" ? `https://avd.aquasec.com/misconfig/${f.ruleId.toLowerCase()}` : `https://avd.aquasec.com/nvd/${f.ruleId.toLowerCase()}`;

const TRIVY_RULE_NAME: Readonly<Record<SimFinding["kind"], string>> = {
  code: "Misconfiguration",
  vulnerability: "LanguageSpecificPackageVulnerability",
  misconfiguration: "Misconfiguration",
  secret: "Secret",
};

const TRIVY_TAG: Readonly<Record<SimFinding["kind"], string>> = {
  code: "misconfiguration",
  vulnerability: "vulnerability",
  misconfiguration: "misconfiguration",
  secret: "secret",
};

function trivyRule(f: SimFinding, osPackages: boolean): Record<string, unknown> {
  const link = avdLink(f);
  const what = f.kind === "secret" ? "Secret" : f.kind === "misconfiguration" ? "Misconfiguration" : "Vulnerability";
  const helpText =
    f.kind === "vulnerability"
      ? `Vulnerability ${f.ruleId}\nSeverity: ${f.severity}\nPackage: ${f.packageName ?? ""}\nFixed Version: ${f.fixedVersion ?? ""}\nLink: [${f.ruleId}](${link})\n${f.title}`
      : `${what} ${f.ruleId}\nType: ${f.kind === "secret" ? "secret" : "dockerfile"}\nSeverity: ${f.severity}\nCheck: ${f.title}\nMessage: ${f.title}\nLink: [${f.ruleId}](${link})\n${f.title}`;
  const helpMarkdown =
    f.kind === "vulnerability"
      ? `**Vulnerability ${f.ruleId}**\n| Severity | Package | Fixed Version | Link |\n| --- | --- | --- | --- |\n|${f.severity}|${f.packageName ?? ""}|${f.fixedVersion ?? ""}|[${f.ruleId}](${link})|\n\n${f.title}`
      : `**${what} ${f.ruleId}**\n| Type | Severity | Check | Message | Link |\n| --- | --- | --- | --- | --- |\n|${f.kind === "secret" ? "secret" : "dockerfile"}|${f.severity}|${f.title}|${f.title}|[${f.ruleId}](${link})|\n\n${f.title}`;
  return {
    id: f.ruleId,
    name: f.kind === "vulnerability" && osPackages ? "OsPackageVulnerability" : TRIVY_RULE_NAME[f.kind],
    shortDescription: { text: f.title },
    fullDescription: { text: f.title },
    defaultConfiguration: { level: TRIVY_LEVEL[f.severity] },
    ...(f.kind === "secret" ? {} : { helpUri: link }),
    help: { text: helpText, markdown: helpMarkdown },
    properties: { precision: "very-high", "security-severity": SECURITY_SEVERITY[f.severity], tags: [TRIVY_TAG[f.kind], "security", f.severity] },
  };
}

function trivyMessage(f: SimFinding, line: number): string {
  const link = avdLink(f);
  switch (f.kind) {
    case "vulnerability":
      return `Package: ${f.packageName ?? ""}\nInstalled Version: ${f.installedVersion ?? ""}\nVulnerability ${f.ruleId}\nSeverity: ${f.severity}\nFixed Version: ${f.fixedVersion ?? ""}\nLink: [${f.ruleId}](${link})`;
    case "secret":
      return `Artifact: ${f.file ?? ""}\nType: \nSecret ${f.title}\nSeverity: ${f.severity}\nMatch: ${"*".repeat(20)} (line ${line})`;
    default:
      return `Artifact: ${f.file ?? ""}\nType: dockerfile\nVulnerability ${f.ruleId}\nSeverity: ${f.severity}\nMessage: ${f.title}\nLink: [${f.ruleId}](${link})`;
  }
}

/** `trivy fs --format sarif .`: lockfile vulnerabilities, Dockerfile checks and secrets in one run. */
export function renderTrivySarif(reported: readonly ReportedFinding[], options: { osPackages?: boolean } = {}): string {
  const osPackages = options.osPackages ?? false;
  const ruleIndex = new Map<string, number>();
  const rules: Record<string, unknown>[] = [];
  for (const { finding } of reported) {
    if (ruleIndex.has(finding.ruleId)) continue;
    ruleIndex.set(finding.ruleId, rules.length);
    rules.push(trivyRule(finding, osPackages));
  }
  const results = reported.map(({ finding, line }) => {
    const uri = finding.file ?? "";
    const where = finding.kind === "vulnerability" ? `${uri}: ${finding.packageName ?? ""}@${finding.installedVersion ?? ""}` : uri;
    return {
      ruleId: finding.ruleId,
      ruleIndex: ruleIndex.get(finding.ruleId) ?? 0,
      level: TRIVY_LEVEL[finding.severity],
      message: { text: trivyMessage(finding, line) },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri, uriBaseId: "ROOTPATH" },
            region: { startLine: line, startColumn: 1, endLine: line, endColumn: 1 },
          },
          message: { text: where },
        },
      ],
    };
  });
  const sarif = {
    version: "2.1.0",
    $schema: "https://json.schemastore.org/sarif-2.1.0-rtm.5.json",
    runs: [
      {
        tool: {
          driver: {
            fullName: "Trivy Vulnerability Scanner",
            informationUri: "https://github.com/aquasecurity/trivy",
            name: "Trivy",
            rules,
            version: TRIVY_VERSION,
          },
        },
        results,
        columnKind: "utf16CodeUnits",
        originalUriBaseIds: { ROOTPATH: { uri: "file:///builds/" } },
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
