import { z } from "zod";
import { OS_PACKAGES_TARGET, fingerprintOf, uniqueFingerprints } from "./fingerprint";
import { validate } from "./json";
import { fileFinding, packageAtVersion } from "./finding";
import { severityFromGitlabWord } from "./severity";
import { ArtifactError, type FindingCategory, type NormalizedFinding } from "./types";

/*
 * GitLab's security report JSON (security-report-schemas 14.x and 15.x), as GitLab's analyzers write
 * `gl-sast-report.json`, `gl-secret-detection-report.json`, `gl-dependency-scanning-report.json` and
 * `gl-container-scanning-report.json` (and Trivy's GitLab template the last). Only the fields used here
 * are required; 15.x dropped `message`, `cve` and per-vulnerability `scanner`, which are read when present.
 */

const GITLAB_TOOLS = ["gitlab-sast", "gitlab-secrets", "gitlab-dependencies", "gitlab-container"] as const;
export type GitlabTool = (typeof GITLAB_TOOLS)[number];

export function isGitlabTool(tool: string): tool is GitlabTool {
  return GITLAB_TOOLS.some((t) => t === tool);
}

/** `scan.type` (15.x) or a vulnerability's `category` (14.x) → the tool. */
const TOOL_OF_TYPE: Record<string, GitlabTool> = {
  sast: "gitlab-sast",
  secret_detection: "gitlab-secrets",
  dependency_scanning: "gitlab-dependencies",
  container_scanning: "gitlab-container",
};

const severity = z.string().transform((word, ctx) => {
  const mapped = severityFromGitlabWord(word);
  if (mapped === null) {
    ctx.addIssue({ code: "custom", message: `"${word}" is not a severity (Critical, High, Medium, Low, Info, Unknown)` });
    return z.NEVER;
  }
  return mapped;
});

const identifier = z.object({ type: z.string(), name: z.string().optional(), value: z.string(), url: z.string().optional() });

const vulnerability = z.object({
  id: z.string().optional(),
  category: z.string().optional(),
  name: z.string().optional(),
  message: z.string().optional(),
  description: z.string().optional(),
  /** GitLab's compare key, e.g. "file:sha256-of-the-match:rule" for secrets; 14.x and some 15.x analyzers. */
  cve: z.string().optional(),
  severity,
  solution: z.string().optional(),
  identifiers: z.array(identifier).optional(),
  links: z.array(z.object({ url: z.string() })).optional(),
  location: z
    .object({
      file: z.string().optional(),
      start_line: z.number().int().optional(),
      commit: z.object({ sha: z.string().optional() }).optional(),
      dependency: z
        .object({ package: z.object({ name: z.string().optional() }).optional(), version: z.string().optional() })
        .optional(),
      operating_system: z.string().optional(),
      image: z.string().optional(),
    })
    .optional(),
  tracking: z
    .object({ items: z.array(z.object({ signatures: z.array(z.object({ value: z.string() })).optional() })).optional() })
    .optional(),
});

const report = z.object({
  version: z.string(),
  vulnerabilities: z.array(vulnerability),
  scan: z.object({ type: z.string().optional() }).optional(),
});

type Vulnerability = z.infer<typeof vulnerability>;

/** True for a parsed JSON document that claims to be a GitLab security report. */
export function looksLikeGitlabReport(doc: Record<string, unknown>): boolean {
  return Array.isArray(doc.vulnerabilities) && ("version" in doc || "scan" in doc);
}

/** Which GitLab analyzer wrote the report, from `scan.type` or (14.x) the vulnerabilities' `category`. */
export function gitlabToolOf(doc: Record<string, unknown>): GitlabTool {
  const parsed = report.pick({ scan: true }).safeParse(doc);
  const vulnerabilities = Array.isArray(doc.vulnerabilities) ? doc.vulnerabilities : [];
  const first: unknown = vulnerabilities[0];
  const category = typeof first === "object" && first !== null && "category" in first ? first.category : undefined;
  const type = (parsed.success ? parsed.data.scan?.type : undefined) ?? (typeof category === "string" ? category : undefined);
  const tool = type === undefined ? undefined : TOOL_OF_TYPE[type];
  if (tool) return tool;
  throw new ArtifactError(
    type === undefined
      ? "a GitLab security report without scan.type: name its tool (gitlab-sast, gitlab-secrets, gitlab-dependencies or gitlab-container)"
      : `GitLab ${type} reports are not read (only sast, secret_detection, dependency_scanning and container_scanning)`,
  );
}

export function parseGitlabReport(doc: unknown, tool: GitlabTool): NormalizedFinding[] {
  const parsed = validate(report, doc, "GitLab security report");
  if (!/^1[45]\./.test(parsed.version)) {
    throw new ArtifactError(`unsupported GitLab security report version "${parsed.version}" (expected 14.x or 15.x)`);
  }
  return uniqueFingerprints(parsed.vulnerabilities.map((v) => findingOf(tool, v)));
}

/** GitLab calls the first identifier the primary one; vulnerabilities are best known by their CVE or GHSA. */
function ruleIdOf(v: Vulnerability, preferAdvisory: boolean): string {
  const identifiers = v.identifiers ?? [];
  const advisory = preferAdvisory ? (identifiers.find((i) => i.type.toLowerCase() === "cve") ?? identifiers.find((i) => i.type.toLowerCase() === "ghsa")) : undefined;
  return (advisory ?? identifiers[0])?.value ?? v.cve ?? v.id ?? v.name ?? "(no identifier)";
}

function firstLine(text: string | undefined): string | null {
  const line = text?.split("\n", 1)[0]?.trim();
  return line ? line : null;
}

/** The identifiers' pages (primary first), then the report's links, each once. */
function linksOf(v: Vulnerability): string[] {
  const urls = [...(v.identifiers ?? []).map((i) => i.url), ...(v.links ?? []).map((l) => l.url)];
  return [...new Set(urls.filter((u): u is string => typeof u === "string" && u !== ""))];
}

/**
 * The version a `solution` names: Trivy's template writes "Upgrade libcrypto1.1 to 1.1.1d-r0",
 * gemnasium "Upgrade to versions 2.2.5, 2.3.2 or above."; anything else is no fixed version.
 */
export function fixedVersionOf(solution: string | undefined, packageName: string | null): string | null {
  const text = solution?.trim() ?? "";
  const trivy = /^Upgrade (\S+) to (.+)$/.exec(text);
  if (trivy && trivy[1] === packageName) return trivy[2]?.trim() ?? null;
  const gemnasium = /^Upgrade to versions? (.+?)(?: or above)?\.?$/.exec(text);
  return gemnasium?.[1]?.trim() || null;
}

function findingOf(tool: GitlabTool, v: Vulnerability): NormalizedFinding {
  const title = (rule: string) => firstLine(v.name) ?? firstLine(v.message) ?? firstLine(v.description) ?? rule;
  const base = { tool, severity: v.severity, links: linksOf(v) };
  if (tool === "gitlab-dependencies" || tool === "gitlab-container") {
    const ruleId = ruleIdOf(v, true);
    const packageName = v.location?.dependency?.package?.name || null;
    const installedVersion = v.location?.dependency?.version || null;
    // A container image's reference changes every build: its packages share one location key.
    const target = tool === "gitlab-container" ? OS_PACKAGES_TARGET : (v.location?.file ?? null);
    return {
      ...base,
      category: "vulnerability",
      ruleId,
      title: title(ruleId),
      location: packageName ? packageAtVersion(packageName, installedVersion) : (v.location?.file ?? ""),
      file: tool === "gitlab-container" ? (v.location?.image ?? null) : (v.location?.file ?? null),
      line: null,
      packageName,
      installedVersion,
      fixedVersion: fixedVersionOf(v.solution, packageName),
      fingerprint: fingerprintOf(tool, "vulnerability", ruleId, packageName, target),
    };
  }
  const category: FindingCategory = tool === "gitlab-secrets" ? "secret" : "code";
  const ruleId = ruleIdOf(v, false);
  const file = v.location?.file ?? null;
  const line = v.location?.start_line ?? null;
  // Nothing that drifts with the line: for secrets GitLab's line-free compare key and the commit (never
  // the raw extract, which is the secret); for code the analyzer's tracking signature when it gives one.
  const matchKey =
    category === "secret"
      ? [v.cve ?? null, v.location?.commit?.sha ?? null].join("\u0002")
      : (v.tracking?.items?.[0]?.signatures?.[0]?.value ?? null);
  return fileFinding({
    ...base,
    category,
    ruleId,
    title: title(ruleId),
    file,
    line,
    fingerprint: fingerprintOf(tool, category, ruleId, file, matchKey),
  });
}
