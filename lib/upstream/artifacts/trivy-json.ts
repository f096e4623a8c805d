import { z } from "zod";
import { OS_PACKAGES_TARGET, fingerprintOf, uniqueFingerprints } from "./fingerprint";
import { validate } from "./json";
import { fileFinding, packageAtVersion } from "./finding";
import { severityFromTrivyWord } from "./severity";
import type { ScanTool, Severity } from "@/lib/domain/cwiq";
import { ArtifactError, type NormalizedFinding } from "./types";

/* Trivy's JSON report, schema version 2 (`trivy image|fs --format json`). */

const trivySeverity = z.enum(["CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN"]);

const vulnerability = z.object({
  VulnerabilityID: z.string(),
  PkgName: z.string(),
  InstalledVersion: z.string().optional(),
  FixedVersion: z.string().optional(),
  Severity: trivySeverity,
  Title: z.string().optional(),
  PrimaryURL: z.string().optional(),
  References: z.array(z.string()).nullish(),
});

const misconfiguration = z.object({
  ID: z.string(),
  Title: z.string().optional(),
  Message: z.string().optional(),
  Severity: trivySeverity,
  Status: z.string().optional(),
  PrimaryURL: z.string().optional(),
  References: z.array(z.string()).nullish(),
  CauseMetadata: z
    .object({ Resource: z.string().optional(), StartLine: z.number().int().optional() })
    .optional(),
});

const secret = z.object({
  RuleID: z.string(),
  Severity: trivySeverity,
  Title: z.string().optional(),
  StartLine: z.number().int().optional(),
  Match: z.string().optional(),
});

const trivyResult = z.object({
  Target: z.string(),
  Class: z.string().optional(),
  Vulnerabilities: z.array(vulnerability).nullish(),
  Misconfigurations: z.array(misconfiguration).nullish(),
  Secrets: z.array(secret).nullish(),
});

const trivyReport = z.object({
  SchemaVersion: z.number(),
  ArtifactName: z.string().optional(),
  ArtifactType: z.string().optional(),
  Results: z.array(trivyResult).nullish(),
});

/** True for a parsed JSON document that claims to be a Trivy report. */
export function looksLikeTrivyJson(doc: Record<string, unknown>): boolean {
  return "SchemaVersion" in doc && ("Results" in doc || "ArtifactName" in doc || "ArtifactType" in doc);
}

/** Trivy's ArtifactType says which scan wrote the report. */
export function trivyToolForArtifactType(artifactType: unknown): ScanTool {
  return artifactType === "container_image" ? "trivy-image" : "trivy-fs";
}

function severity(word: z.infer<typeof trivySeverity>): Severity {
  return severityFromTrivyWord(word) ?? "INFO";
}

function links(primary: string | undefined, references: readonly string[] | null | undefined): string[] {
  // PrimaryURL first, without repeating it from References.
  const rest = (references ?? []).filter((reference) => reference !== primary);
  return primary ? [primary, ...rest] : rest;
}

export function parseTrivyJson(doc: unknown, tool: ScanTool): NormalizedFinding[] {
  const report = validate(trivyReport, doc, "Trivy JSON");
  if (report.SchemaVersion !== 2) {
    throw new ArtifactError(`unsupported Trivy JSON SchemaVersion ${report.SchemaVersion} (expected 2)`);
  }
  if (tool === "semgrep") throw new ArtifactError("wrong tool: expected Semgrep SARIF, but this is a Trivy JSON report");
  const actual = trivyToolForArtifactType(report.ArtifactType);
  if (report.ArtifactType !== undefined && actual !== tool) {
    throw new ArtifactError(`wrong tool: expected a ${tool} report, but this Trivy JSON has ArtifactType "${report.ArtifactType}"`);
  }
  const findings: NormalizedFinding[] = [];
  for (const result of report.Results ?? []) {
    const target = result.Target;
    // An image's OS packages are reported against the image reference, which changes every build.
    const targetKey = result.Class === "os-pkgs" ? OS_PACKAGES_TARGET : target;
    for (const v of result.Vulnerabilities ?? []) {
      const installedVersion = v.InstalledVersion || null;
      findings.push({
        tool,
        category: "vulnerability",
        ruleId: v.VulnerabilityID,
        severity: severity(v.Severity),
        title: v.Title || v.VulnerabilityID,
        location: packageAtVersion(v.PkgName, installedVersion),
        file: target,
        line: null,
        packageName: v.PkgName,
        installedVersion,
        fixedVersion: v.FixedVersion || null,
        links: links(v.PrimaryURL, v.References),
        fingerprint: fingerprintOf(tool, "vulnerability", v.VulnerabilityID, v.PkgName, targetKey),
      });
    }
    for (const m of result.Misconfigurations ?? []) {
      // With --include-non-failures Trivy also lists passed and excepted checks.
      if (m.Status !== undefined && m.Status !== "FAIL") continue;
      const line = m.CauseMetadata?.StartLine || null;
      findings.push(fileFinding({
        tool,
        category: "misconfiguration",
        ruleId: m.ID,
        severity: severity(m.Severity),
        title: m.Title || m.ID,
        file: target,
        line,
        links: links(m.PrimaryURL, m.References),
        fingerprint: fingerprintOf(tool, "misconfiguration", m.ID, target, m.Message ?? m.CauseMetadata?.Resource ?? null),
      }));
    }
    for (const s of result.Secrets ?? []) {
      const line = s.StartLine ?? null;
      findings.push(fileFinding({
        tool,
        category: "secret",
        ruleId: s.RuleID,
        severity: severity(s.Severity),
        title: s.Title || s.RuleID,
        file: target,
        line,
        links: [],
        fingerprint: fingerprintOf(tool, "secret", s.RuleID, target, s.Match ?? null),
      }));
    }
  }
  return uniqueFingerprints(findings);
}
