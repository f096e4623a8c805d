import { z } from "zod";
import { OS_PACKAGES_TARGET, fingerprintOf, isRealFingerprint, normalizeSnippet, uniqueFingerprints } from "./fingerprint";
import { validate } from "./json";
import { fileFinding, formatFileLine, packageAtVersion } from "./finding";
import {
  severityFromProblemSeverity,
  severityFromSarifLevel,
  severityFromSecuritySeverity,
  severityFromTags,
  severityFromTrivyWord,
  type SarifLevel,
} from "./severity";
import type { ScanTool, Severity } from "@/lib/domain/cwiq";
import { ArtifactError, type FindingCategory, type NormalizedFinding } from "./types";

/*
 * SARIF 2.1.0 from any tool; only the fields used here are required. Semgrep and Trivy keep their own
 * conventions (severity.ts), Gitleaks is read as secrets, and any other driver by SARIF's rules alone.
 */

const level = z.enum(["none", "note", "warning", "error"]);
const message = z.object({ text: z.string().optional() });

/** Property bags differ from tool to tool: a value of an unexpected type counts as absent, not as a broken file. */
const propertyBag = z.object({
  tags: z.array(z.string()).optional().catch(undefined),
  "security-severity": z.union([z.string(), z.number()]).optional().catch(undefined),
  "problem.severity": z.string().optional().catch(undefined),
  /** Gitleaks 7 names the commit here (Gitleaks 8 in partialFingerprints.commitSha). */
  commit: z.string().optional().catch(undefined),
});

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
  /** SARIF §3.27.7: the rule by id and/or index, in the driver or (toolComponent) an extension. */
  rule: z
    .object({
      id: z.string().optional(),
      index: z.number().int().optional(),
      toolComponent: z.object({ index: z.number().int().optional() }).optional(),
    })
    .optional(),
  kind: z.string().optional(),
  level: level.optional(),
  message,
  locations: z.array(location).optional(),
  fingerprints: z.record(z.string(), z.string()).optional(),
  partialFingerprints: z.record(z.string(), z.string()).optional(),
  suppressions: z.array(z.object({ status: z.string().optional() })).optional(),
  properties: propertyBag.optional(),
});

const rule = z.object({
  id: z.string(),
  name: z.string().optional(),
  shortDescription: message.optional(),
  helpUri: z.string().optional(),
  defaultConfiguration: z.object({ level: level.optional() }).optional(),
  properties: propertyBag.optional(),
});

const toolComponent = z.object({ name: z.string(), rules: z.array(rule).nullish() });

const run = z.object({
  tool: z.object({ driver: toolComponent, extensions: z.array(toolComponent.partial({ name: true })).nullish() }),
  results: z.array(result).nullish(),
});

const sarifLog = z.object({ version: z.string(), runs: z.array(run) });

type SarifResult = z.infer<typeof result>;
type SarifRule = z.infer<typeof rule>;
type SarifRun = z.infer<typeof run>;
type PropertyBag = z.infer<typeof propertyBag>;

/** True for a parsed JSON document that claims to be SARIF. */
export function looksLikeSarif(doc: Record<string, unknown>): boolean {
  return Array.isArray(doc.runs) || (typeof doc.$schema === "string" && /sarif/i.test(doc.$schema));
}

export type SarifFamily = "semgrep" | "trivy" | "gitleaks";

/** The scanner a SARIF driver name belongs to ("Semgrep OSS", "Trivy", "gitleaks"); null for any other tool. */
export function sarifDriverFamily(driverName: string): SarifFamily | null {
  if (/semgrep/i.test(driverName)) return "semgrep";
  if (/trivy/i.test(driverName)) return "trivy";
  if (/gitleaks/i.test(driverName)) return "gitleaks";
  return null;
}

/** Whether any result is an OS-package vulnerability, which only image scans report. */
export function sarifHasOsPackages(doc: unknown): boolean {
  const parsed = sarifLog.safeParse(doc);
  return parsed.success && parsed.data.runs.some((r) => (r.tool.driver.rules ?? []).some((x) => x.name === "OsPackageVulnerability"));
}

const FAMILY_OF: Partial<Record<ScanTool, SarifFamily>> = { semgrep: "semgrep", "trivy-fs": "trivy", "trivy-image": "trivy", gitleaks: "gitleaks" };
const FAMILY_LABELS: Record<SarifFamily, string> = { semgrep: "Semgrep", trivy: "Trivy", gitleaks: "Gitleaks" };

export function parseSarif(doc: unknown, tool: ScanTool): NormalizedFinding[] {
  const log = validate(sarifLog, doc, "SARIF");
  if (log.version !== "2.1.0") throw new ArtifactError(`unsupported SARIF version "${log.version}" (expected 2.1.0)`);
  // The generic reader takes any driver; the named tools only their own.
  const expected = FAMILY_OF[tool];
  if (expected === undefined && tool !== "sarif") throw new ArtifactError(`wrong format: ${tool} reads a GitLab security report, but this is SARIF`);
  const findings: NormalizedFinding[] = [];
  for (const [runIndex, sarifRun] of log.runs.entries()) {
    const driver = sarifRun.tool.driver;
    if (expected !== undefined && sarifDriverFamily(driver.name) !== expected) {
      throw new ArtifactError(`wrong tool: expected ${FAMILY_LABELS[expected]} SARIF for ${tool}, but runs[${runIndex}] was written by "${driver.name}"`);
    }
    const rules = driver.rules ?? [];
    const rulesById = new Map(rules.map((r) => [r.id, r]));
    for (const sarifResult of sarifRun.results ?? []) {
      if (isSuppressed(sarifResult) || !isProblem(sarifResult)) continue;
      const { ruleId, sarifRule } = resolveRule(sarifRun, sarifResult, rulesById);
      findings.push(findingOf(tool, driver.name, sarifResult, sarifRule, ruleId));
    }
  }
  return uniqueFingerprints(findings);
}

function findingOf(tool: ScanTool, driverName: string, sarifResult: SarifResult, sarifRule: SarifRule | undefined, ruleId: string): NormalizedFinding {
  if (tool === "semgrep") return semgrepFinding(sarifResult, sarifRule, ruleId);
  if (tool === "trivy-fs" || tool === "trivy-image") return trivyFinding(tool, sarifResult, sarifRule, ruleId);
  if (tool === "gitleaks") return gitleaksFinding(sarifResult, sarifRule, ruleId);
  return genericFinding(tool, driverName, sarifResult, sarifRule, ruleId);
}

/**
 * The result's rule: `ruleId`, else `rule.id`, else the rule at `rule.index`/`ruleIndex` (in the driver,
 * or the extension `rule.toolComponent` points at). Without any of them (Gitleaks 7 names the rule only
 * at the start of its message: "AWS Access Key secret detected"), the driver rule the message starts
 * with, else the message's first line, so the same result keeps the same rule from run to run.
 */
function resolveRule(sarifRun: SarifRun, sarifResult: SarifResult, rulesById: ReadonlyMap<string, SarifRule>): { ruleId: string; sarifRule: SarifRule | undefined } {
  const componentIndex = sarifResult.rule?.toolComponent?.index;
  const pool = componentIndex === undefined ? (sarifRun.tool.driver.rules ?? []) : (sarifRun.tool.extensions?.[componentIndex]?.rules ?? []);
  const index = sarifResult.rule?.index ?? sarifResult.ruleIndex;
  const byIndex = index === undefined ? undefined : pool[index];
  const id = sarifResult.ruleId ?? sarifResult.rule?.id ?? byIndex?.id;
  if (id !== undefined) return { ruleId: id, sarifRule: (componentIndex === undefined ? rulesById.get(id) : undefined) ?? byIndex };
  const text = sarifResult.message.text ?? "";
  const prefix = (r: SarifRule) => Math.max(text.startsWith(r.id) ? r.id.length : 0, r.name && text.startsWith(r.name) ? r.name.length : 0);
  // The longest match, so "AWS Secret Key" is not taken for "AWS".
  const named = [...rulesById.values()].filter((r) => prefix(r) > 0).sort((a, b) => prefix(b) - prefix(a))[0];
  if (named) return { ruleId: named.id, sarifRule: named };
  return { ruleId: firstLine(text)?.slice(0, MAX_FALLBACK_RULE) ?? "(no rule)", sarifRule: undefined };
}

const MAX_FALLBACK_RULE = 200;

/** A result is hidden when it carries a suppression that was not rejected (SARIF §3.35). */
function isSuppressed(sarifResult: SarifResult): boolean {
  return (sarifResult.suppressions ?? []).some((s) => s.status !== "rejected");
}

/** Results of kind "pass" and "notApplicable" (SARIF §3.27.9) record checks that found nothing. */
function isProblem(sarifResult: SarifResult): boolean {
  return sarifResult.kind !== "pass" && sarifResult.kind !== "notApplicable";
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

/** SARIF §3.27.10: the result's level, else the rule's default, else "warning"; "none" for kinds other than "fail". */
function levelSeverity(sarifResult: SarifResult, sarifRule: SarifRule | undefined): Severity {
  const notFail = sarifResult.kind !== undefined && sarifResult.kind !== "fail";
  const resolved: SarifLevel = sarifResult.level ?? (notFail ? "none" : (sarifRule?.defaultConfiguration?.level ?? "warning"));
  return severityFromSarifLevel(resolved);
}

/** Severity a tool states in the result's or the rule's properties (see severity.ts); null when none does. */
function propertySeverity(sarifResult: SarifResult, sarifRule: SarifRule | undefined): Severity | null {
  const bags = [sarifResult.properties, sarifRule?.properties];
  for (const read of [
    (b: PropertyBag | undefined) => severityFromSecuritySeverity(b?.["security-severity"]),
    (b: PropertyBag | undefined) => severityFromProblemSeverity(b?.["problem.severity"]),
    (b: PropertyBag | undefined) => severityFromTags(b?.tags),
  ]) {
    for (const bag of bags) {
      const severity = read(bag);
      if (severity) return severity;
    }
  }
  return null;
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
  return fileFinding({
    tool: "semgrep",
    category: "code",
    ruleId,
    severity: levelSeverity(sarifResult, sarifRule),
    title: firstLine(sarifResult.message.text) ?? firstLine(sarifRule?.shortDescription?.text) ?? ruleId,
    file,
    line,
    links: sarifRule?.helpUri ? [sarifRule.helpUri] : [],
    fingerprint: fingerprintOf("semgrep", ruleId, file, matchKey),
  });
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
  return fileFinding({
    tool,
    category,
    ruleId,
    severity,
    title: shortDescription ?? firstLine(sarifResult.message.text) ?? ruleId,
    file,
    line,
    links,
    fingerprint: fingerprintOf(tool, category, ruleId, file, matchKey),
  });
}

const GITLEAKS_TOOL: ScanTool = "gitleaks";

/**
 * Gitleaks: every result is a secret. The message repeats rule, file and commit, so the title is the
 * rule's description (`name` in Gitleaks 7 and in 8 until mid-2024, whose `shortDescription` was the
 * rule's regex; `shortDescription` since). The fingerprint never takes the snippet, which is the secret itself unless
 * Gitleaks ran with --redact: rule, file and commit (the same secret in two commits is two findings,
 * as Gitleaks reports it).
 */
function gitleaksFinding(sarifResult: SarifResult, sarifRule: SarifRule | undefined, ruleId: string): NormalizedFinding {
  const { file, line } = primaryLocation(sarifResult);
  const commit = sarifResult.partialFingerprints?.commitSha || sarifResult.properties?.commit || null;
  return fileFinding({
    tool: GITLEAKS_TOOL,
    category: "secret",
    ruleId,
    severity: propertySeverity(sarifResult, sarifRule) ?? levelSeverity(sarifResult, sarifRule),
    title: sarifRule?.name ?? firstLine(sarifRule?.shortDescription?.text) ?? firstLine(sarifResult.message.text) ?? ruleId,
    file,
    line,
    links: sarifRule?.helpUri ? [sarifRule.helpUri] : [],
    fingerprint: fingerprintOf(GITLEAKS_TOOL, "secret", ruleId, file, commit),
  });
}

/** What a rule's or result's tags say a finding is; code unless they say otherwise. */
function genericCategory(sarifResult: SarifResult, sarifRule: SarifRule | undefined): FindingCategory {
  const tags = new Set([...(sarifResult.properties?.tags ?? []), ...(sarifRule?.properties?.tags ?? [])].map((t) => t.toLowerCase()));
  if (tags.has("secret") || tags.has("secrets")) return "secret";
  if (tags.has("misconfiguration") || tags.has("iac")) return "misconfiguration";
  if (tags.has("vulnerability") || tags.has("dependency")) return "vulnerability";
  return "code";
}

/**
 * Any other tool (CodeQL, Bandit, Checkov…): SARIF's own rules. Severity from the properties when the
 * tool states one, else the level; the fingerprint from the tool's own fingerprints, else the matched
 * snippet, else the message (never the snippet of a secret), with the driver's name so two tools in
 * one file stay apart.
 */
function genericFinding(tool: ScanTool, driverName: string, sarifResult: SarifResult, sarifRule: SarifRule | undefined, ruleId: string): NormalizedFinding {
  const { file, line, snippet } = primaryLocation(sarifResult);
  const category = genericCategory(sarifResult, sarifRule);
  const ownKey = Object.values(sarifResult.fingerprints ?? {}).find(isRealFingerprint) ?? Object.values(sarifResult.partialFingerprints ?? {}).find(isRealFingerprint);
  const matchKey =
    category === "secret"
      ? (ownKey ?? null)
      : (ownKey ?? (snippet ? normalizeSnippet(snippet) : null) ?? normalizeSnippet(sarifResult.message.text ?? ""));
  return fileFinding({
    tool,
    category,
    ruleId,
    severity: propertySeverity(sarifResult, sarifRule) ?? levelSeverity(sarifResult, sarifRule),
    title: firstLine(sarifResult.message.text) ?? firstLine(sarifRule?.shortDescription?.text) ?? sarifRule?.name ?? ruleId,
    file,
    line,
    links: sarifRule?.helpUri ? [sarifRule.helpUri] : [],
    fingerprint: fingerprintOf(tool, driverName.toLowerCase(), category, ruleId, file, matchKey),
  });
}
