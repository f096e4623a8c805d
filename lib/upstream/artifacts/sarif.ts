import { z } from "zod";
import { OS_PACKAGES_TARGET, fingerprintOf, isRealFingerprint, normalizeSnippet, uniqueFingerprints } from "./fingerprint";
import { validate } from "./json";
import {
  severityFromSarifLevel,
  severityFromSecuritySeverity,
  severityFromTags,
  severityFromTrivyWord,
  type SarifLevel,
} from "./severity";
import type { ScanTool, Severity } from "@/lib/domain/cwiq";
import { ArtifactError, type FindingCategory, type NormalizedFinding } from "./types";

/* SARIF 2.1.0 as Semgrep and Trivy write it; only the fields used here are required. */

const level = z.enum(["none", "note", "warning", "error"]);
const message = z.object({ text: z.string().optional() });

const location = z.object({
  physicalLocation: z
    .object({
      artifactLocation: z.object({ uri: z.string().optional() }).optional(),
      region: z
        .object({
          startLine: z.number().int().optional(),
          snippet: z.object({ text: z.string().optional() }).optional(),
        })
        .optional(),
    })
    .optional(),
});

const result = z.object({
  ruleId: z.string().optional(),
  ruleIndex: z.number().int().optional(),
  level: level.optional(),
  message,
  locations: z.array(location).optional(),
  fingerprints: z.record(z.string(), z.string()).optional(),
  partialFingerprints: z.record(z.string(), z.string()).optional(),
  suppressions: z.array(z.object({ status: z.string().optional() })).optional(),
});

const rule = z.object({
  id: z.string(),
  name: z.string().optional(),
  shortDescription: message.optional(),
  helpUri: z.string().optional(),
  defaultConfiguration: z.object({ level: level.optional() }).optional(),
  properties: z
    .object({
      tags: z.array(z.string()).optional(),
      "security-severity": z.union([z.string(), z.number()]).optional(),
    })
    .optional(),
});

const run = z.object({
  tool: z.object({ driver: z.object({ name: z.string(), rules: z.array(rule).nullish() }) }),
  results: z.array(result).nullish(),
});

const sarifLog = z.object({ version: z.string(), runs: z.array(run) });

type SarifResult = z.infer<typeof result>;
type SarifRule = z.infer<typeof rule>;

/** True for a parsed JSON document that claims to be SARIF. */
export function looksLikeSarif(doc: Record<string, unknown>): boolean {
  return Array.isArray(doc.runs) || (typeof doc.$schema === "string" && /sarif/i.test(doc.$schema));
}

/** The scanner a SARIF driver name belongs to ("Semgrep OSS", "Semgrep", "Trivy"). */
export function sarifDriverFamily(driverName: string): "semgrep" | "trivy" | null {
  if (/semgrep/i.test(driverName)) return "semgrep";
  if (/trivy/i.test(driverName)) return "trivy";
  return null;
}

/** Whether any result is an OS-package vulnerability, which only image scans report. */
export function sarifHasOsPackages(doc: unknown): boolean {
  const parsed = sarifLog.safeParse(doc);
  return parsed.success && parsed.data.runs.some((r) => (r.tool.driver.rules ?? []).some((x) => x.name === "OsPackageVulnerability"));
}

export function parseSarif(doc: unknown, tool: ScanTool): NormalizedFinding[] {
  const log = validate(sarifLog, doc, "SARIF");
  if (log.version !== "2.1.0") throw new ArtifactError(`unsupported SARIF version "${log.version}" (expected 2.1.0)`);
  const expected = tool === "semgrep" ? "semgrep" : "trivy";
  const findings: NormalizedFinding[] = [];
  for (const [runIndex, sarifRun] of log.runs.entries()) {
    const driver = sarifRun.tool.driver;
    const family = sarifDriverFamily(driver.name);
    if (family !== expected) {
      throw new ArtifactError(
        `wrong tool: expected ${expected === "semgrep" ? "Semgrep" : "Trivy"} SARIF for ${tool}, but runs[${runIndex}] was written by "${driver.name}"`,
      );
    }
    const rules = driver.rules ?? [];
    const rulesById = new Map(rules.map((r) => [r.id, r]));
    for (const sarifResult of sarifRun.results ?? []) {
      if (isSuppressed(sarifResult)) continue;
      const ruleRef = sarifResult.ruleIndex !== undefined ? rules[sarifResult.ruleIndex] : undefined;
      const ruleId = sarifResult.ruleId ?? ruleRef?.id;
      if (ruleId === undefined) throw new ArtifactError(`invalid SARIF: runs[${runIndex}] has a result without ruleId`);
      const sarifRule = rulesById.get(ruleId) ?? ruleRef;
      findings.push(family === "semgrep" ? semgrepFinding(sarifResult, sarifRule, ruleId) : trivyFinding(tool, sarifResult, sarifRule, ruleId));
    }
  }
  return uniqueFingerprints(findings);
}

/** A result is hidden when it carries a suppression that was not rejected (SARIF §3.35). */
function isSuppressed(sarifResult: SarifResult): boolean {
  return (sarifResult.suppressions ?? []).some((s) => s.status !== "rejected");
}

function primaryLocation(sarifResult: SarifResult) {
  const physical = sarifResult.locations?.[0]?.physicalLocation;
  const uri = physical?.artifactLocation?.uri;
  return {
    file: uri === undefined ? null : uriToPath(uri),
    line: physical?.region?.startLine ?? null,
    snippet: physical?.region?.snippet?.text ?? null,
  };
}

function uriToPath(uri: string): string {
  const path = uri.startsWith("file://") ? uri.slice("file://".length) : uri;
  if (!path.includes("%")) return path;
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function levelSeverity(sarifResult: SarifResult, sarifRule: SarifRule | undefined): Severity {
  const resolved: SarifLevel = sarifResult.level ?? sarifRule?.defaultConfiguration?.level ?? "warning";
  return severityFromSarifLevel(resolved);
}

function firstLine(text: string | undefined): string | null {
  const line = text?.split("\n", 1)[0]?.trim();
  return line ? line : null;
}

function semgrepFinding(sarifResult: SarifResult, sarifRule: SarifRule | undefined, ruleId: string): NormalizedFinding {
  const { file, line, snippet } = primaryLocation(sarifResult);
  const matchKey =
    Object.values(sarifResult.fingerprints ?? {}).find(isRealFingerprint) ??
    Object.values(sarifResult.partialFingerprints ?? {}).find(isRealFingerprint) ??
    (snippet ? normalizeSnippet(snippet) : null) ??
    normalizeSnippet(sarifResult.message.text ?? "");
  return {
    tool: "semgrep",
    category: "code",
    ruleId,
    severity: levelSeverity(sarifResult, sarifRule),
    title: firstLine(sarifResult.message.text) ?? firstLine(sarifRule?.shortDescription?.text) ?? ruleId,
    location: formatFileLine(file, line),
    file,
    line,
    packageName: null,
    installedVersion: null,
    fixedVersion: null,
    links: sarifRule?.helpUri ? [sarifRule.helpUri] : [],
    fingerprint: fingerprintOf("semgrep", ruleId, file, matchKey),
  };
}

export function formatFileLine(file: string | null, line: number | null): string {
  if (file === null) return "";
  return line === null ? file : `${file}:${line}`;
}

export function packageAtVersion(packageName: string, version: string | null): string {
  return version ? `${packageName}@${version}` : packageName;
}

/** Trivy writes "Key: value" lines into each result's message (Package, Installed Version, Fixed Version, Severity, Match…). */
function messageFields(text: string | undefined): Map<string, string> {
  const fields = new Map<string, string>();
  for (const row of (text ?? "").split("\n")) {
    const colon = row.indexOf(": ");
    if (colon > 0) fields.set(row.slice(0, colon).trim(), row.slice(colon + 2).trim());
  }
  return fields;
}

/** Trivy's rule names and tags say what kind of finding a rule is. */
function trivyCategory(sarifRule: SarifRule | undefined): FindingCategory {
  const tags = sarifRule?.properties?.tags ?? [];
  const name = sarifRule?.name ?? "";
  if (tags.includes("secret") || name === "Secret") return "secret";
  if (tags.includes("misconfiguration") || name === "Misconfiguration") return "misconfiguration";
  return "vulnerability";
}

function trivySeverity(sarifResult: SarifResult, sarifRule: SarifRule | undefined, fields: Map<string, string>): Severity {
  const properties = sarifRule?.properties;
  return (
    severityFromSecuritySeverity(properties?.["security-severity"]) ??
    severityFromTags(properties?.tags) ??
    severityFromTrivyWord(fields.get("Severity") ?? "") ??
    levelSeverity(sarifResult, sarifRule)
  );
}

function trivyFinding(tool: ScanTool, sarifResult: SarifResult, sarifRule: SarifRule | undefined, ruleId: string): NormalizedFinding {
  const fields = messageFields(sarifResult.message.text);
  const { file, line } = primaryLocation(sarifResult);
  const category = trivyCategory(sarifRule);
  const shortDescription = firstLine(sarifRule?.shortDescription?.text);
  const links = sarifRule?.helpUri ? [sarifRule.helpUri] : [];
  const severity = trivySeverity(sarifResult, sarifRule, fields);
  if (category === "vulnerability") {
    const packageName = fields.get("Package") ?? null;
    const installedVersion = fields.get("Installed Version") ?? null;
    const target = sarifRule?.name === "OsPackageVulnerability" ? OS_PACKAGES_TARGET : file;
    return {
      tool,
      category,
      ruleId,
      severity,
      // Older Trivy repeats the CVE id as the short description; the newer one gives the title.
      title: shortDescription && shortDescription !== ruleId ? shortDescription : ruleId,
      location: packageName ? packageAtVersion(packageName, installedVersion) : formatFileLine(file, null),
      file,
      line: null,
      packageName,
      installedVersion,
      fixedVersion: fields.get("Fixed Version") || null,
      links,
      fingerprint: fingerprintOf(tool, category, ruleId, packageName, target),
    };
  }
  const matchKey = category === "secret" ? (fields.get("Match") ?? null) : (fields.get("Message") ?? null);
  return {
    tool,
    category,
    ruleId,
    severity,
    title: shortDescription ?? firstLine(sarifResult.message.text) ?? ruleId,
    location: formatFileLine(file, line),
    file,
    line,
    packageName: null,
    installedVersion: null,
    fixedVersion: null,
    links,
    fingerprint: fingerprintOf(tool, category, ruleId, file, matchKey),
  };
}
