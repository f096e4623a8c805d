/*
 * What an artifact's file name says about the tool that wrote it: the configured table first
 * (SCAN_ARTIFACTS, CWIQ's five by default), then the names the tools write by convention. Shared by
 * the configuration (an entry without a tool) and the parsers (a file given without one), so both
 * read a name the same way.
 */
import { ARTIFACTS, type ArtifactSpec, type ArtifactTool } from "./cwiq";

/** GitLab's analyzers write these names (`artifacts:reports:<type>` in GitLab's CI templates). */
const GITLAB_REPORTS: ReadonlyArray<readonly [RegExp, ArtifactTool]> = [
  [/^gl-sast-report.*\.json$/, "gitlab-sast"],
  [/^gl-secret-detection-report.*\.json$/, "gitlab-secrets"],
  [/^gl-dependency-scanning-report.*\.json$/, "gitlab-dependencies"],
  [/^gl-container-scanning-report.*\.json$/, "gitlab-container"],
];

/** The last path segment, lower case (no node:path: the domain tier stays importable anywhere). */
export function baseName(name: string): string {
  return name.slice(name.lastIndexOf("/") + 1).toLowerCase();
}

/** Best guess from a file name; null when only the content can tell (e.g. a bare "trivy.sarif"). */
export function toolFromFileName(name: string, table: readonly ArtifactSpec[] = ARTIFACTS): ArtifactTool | null {
  const base = baseName(name);
  const configured = table.find((a) => baseName(a.file) === base);
  if (configured) return configured.tool;
  const gitlab = GITLAB_REPORTS.find(([pattern]) => pattern.test(base));
  if (gitlab) return gitlab[1];
  if (base.includes("gitleaks")) return "gitleaks";
  if (base.includes("semgrep")) return "semgrep";
  if (base.includes("trivy")) {
    if (base.includes("image")) return "trivy-image";
    if (/(^|[-_.])fs([-_.]|$)/.test(base)) return "trivy-fs";
    return null;
  }
  if (base.endsWith(".env")) return "dotenv";
  if (base.endsWith(".xml")) return "cobertura";
  return null;
}
