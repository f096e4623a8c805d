/**
 * The files GitLab's job artifacts API (`GET /projects/:id/jobs/:job_id/artifacts/*path`) serves for the
 * simulated jobs, rendered from the findings world as of the pipeline's commit, and whether a file is
 * there at all: produced, finished, not expired or erased, and not declared only under `artifacts:reports`.
 */

import { ecosystemOf, IMAGE_BASE } from "../findings/catalog";
import type { FindingsWorld, SimFinding, SimScanner } from "../findings/types";
import type { SimProject, SimulationModel } from "../model";
import type { PlannedJob, PlannedPipeline } from "../plan";
import { deriveSeed, Rng } from "../random";
import { jobStatusAt } from "../state";
import { renderCobertura } from "./cobertura";
import { buildEnv, imageTag, REGISTRY, renderDotenv } from "./dotenv";
import { retentionOf, uploadsWhenFailed } from "./retention";
import { renderSemgrepSarif, renderTrivySarif } from "./sarif";
import { renderTrivyImageJson } from "./trivy-json";

export type ArtifactName = "semgrep-results.sarif" | "trivy-fs-results.sarif" | "trivy-image-results.json" | "coverage.xml" | "build.env";

/** Which job writes which file into its artifacts archive. */
const PRODUCED_BY: Readonly<Record<string, ArtifactName>> = {
  semgrep: "semgrep-results.sarif",
  "trivy-fs-scan": "trivy-fs-results.sarif",
  "trivy-image-scan": "trivy-image-results.json",
  test: "coverage.xml",
  "build-push": "build.env",
};

const SCANNER_OF: Readonly<Partial<Record<ArtifactName, SimScanner>>> = {
  "semgrep-results.sarif": "semgrep",
  "trivy-fs-results.sarif": "trivy-fs",
  "trivy-image-results.json": "trivy-image",
};

/**
 * The fourth project (cwiq/executor by default) declares coverage.xml only as `artifacts:reports:
 * coverage_report`, so the artifacts API answers 404 for it although the job uploaded a report.
 */
const REPORT_ONLY_PROJECT_INDEX = 3;

export type UnavailableReason = "not-finished" | "not-uploaded" | "expired" | "erased" | "report-only";

/** Lines of code the coverage report covers per project: a multiple of 10,000 keeps line-rate exact. */
const COVERAGE_STATEMENTS = 10_000;

export interface ArtifactSource {
  model: SimulationModel;
  findings: FindingsWorld;
}

export interface ArtifactContent {
  name: ArtifactName;
  /** Findings as this run reports them (line as in this run). */
  findings: SimFinding[];
  coverageLineRate?: number;
  env?: Record<string, string>;
}

/** What the artifacts API would serve for a job now (see `Simulator.artifactTruth`). */
export interface ArtifactTruth {
  name: ArtifactName;
  available: boolean;
  /** Why the API answers 404; absent when available. */
  unavailableReason?: UnavailableReason;
  findings: SimFinding[];
  coverageLineRate?: number;
  env?: Record<string, string>;
}

export function artifactNameOf(jobName: string): ArtifactName | undefined {
  return PRODUCED_BY[jobName];
}

/** Whether the job's file can be downloaded at t, or why not. */
export function availability(project: SimProject, job: PlannedJob, t: number): UnavailableReason | null {
  const name = artifactNameOf(job.name);
  const status = jobStatusAt(job, t);
  if (status === null || job.finishedAt === null || job.finishedAt > t || (status !== "success" && status !== "failed")) return "not-finished";
  if (status === "failed" && !uploadsWhenFailed(job)) return "not-uploaded";
  if (name === "coverage.xml" && job.coverage === null) return "not-uploaded";
  const retention = retentionOf(job);
  if (retention?.erasedAt != null && retention.erasedAt <= t) return "erased";
  if (retention && retention.expireAt <= t) return "expired";
  if (name === "coverage.xml" && project.index === REPORT_ONLY_PROJECT_INDEX) return "report-only";
  return null;
}

/**
 * The line a run at commit `sha` reports: a code finding moves by up to three lines from commit to commit
 * as the code around it changes (other upstreams can use this to agree with the SARIF).
 */
export function reportedLine(finding: SimFinding, sha: string): number | null {
  if (finding.kind !== "code" || finding.line === null) return finding.line;
  return Math.max(1, finding.line + (deriveSeed(finding.key, sha) % 7) - 3);
}

const PYTHON_MODULES = [
  "__init__.py", "main.py", "config.py", "api/__init__.py", "api/deps.py", "api/routes/__init__.py", "api/routes/health.py",
  "api/routes/users.py", "api/routes/tenants.py", "auth/__init__.py", "auth/passwords.py", "auth/tokens.py", "db/__init__.py",
  "db/models.py", "db/queries.py", "db/session.py", "services/__init__.py", "services/export.py", "services/notifications.py",
  "services/webhooks.py", "util/__init__.py", "util/shell.py", "util/time.py", "workers/__init__.py", "workers/scheduler.py",
  "workers/tasks.py",
] as const;

const NODE_MODULES = [
  "components/AppShell.tsx", "components/MarkdownPreview.tsx", "components/ReportViewer.tsx", "features/audit/AuditTable.tsx",
  "features/audit/filters.ts", "features/tenants/TenantList.tsx", "lib/api-client.ts", "lib/format.ts", "lib/storage.ts",
  "pages/login.tsx", "pages/settings.tsx", "state/session.ts",
] as const;

/** The project's source files and statement counts; fixed per project, summing to COVERAGE_STATEMENTS. */
function sourceFiles(project: SimProject): Array<{ path: string; statements: number }> {
  const rng = Rng.derive("coverage-files", project.id);
  const modules = ecosystemOf(project.name) === "node" ? NODE_MODULES : PYTHON_MODULES;
  const weights = modules.map((m) => (m.endsWith("__init__.py") ? 0 : rng.int(20, 200)));
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.floor((w * COVERAGE_STATEMENTS) / sum));
  const rest = COVERAGE_STATEMENTS - counts.reduce((a, b) => a + b, 0);
  const largest = counts.indexOf(Math.max(...counts));
  counts[largest] = (counts[largest] ?? 0) + rest;
  return modules.map((path, i) => ({ path, statements: counts[i] ?? 0 }));
}

/** What the job's file says, without its bytes: cheap enough to ask for every job. */
export function artifactContent(source: ArtifactSource, project: SimProject, pipeline: PlannedPipeline, job: PlannedJob): ArtifactContent | undefined {
  const name = artifactNameOf(job.name);
  if (!name) return undefined;
  const scanner = SCANNER_OF[name];
  if (scanner) {
    const present = source.findings.presentAt(project.id, scanner, pipeline.commit.createdAt);
    return { name, findings: present.map((finding) => ({ ...finding, line: reportedLine(finding, pipeline.sha) })) };
  }
  if (name === "coverage.xml") return job.coverage === null ? undefined : { name, findings: [], coverageLineRate: job.coverage / 100 };
  return { name, findings: [], env: buildEnv(project.pathWithNamespace, pipeline, job.finishedAt ?? job.createdAt) };
}

/** The file's bytes as the job wrote it (whether or not the API still serves it). */
export function renderArtifact(source: ArtifactSource, project: SimProject, pipeline: PlannedPipeline, job: PlannedJob): string | undefined {
  const content = artifactContent(source, project, pipeline, job);
  if (!content) return undefined;
  const ranAt = job.finishedAt ?? job.createdAt;
  const ecosystem = ecosystemOf(project.name);
  switch (content.name) {
    case "semgrep-results.sarif":
      return renderSemgrepSarif(content.findings.map((finding) => ({ finding, line: finding.line ?? 1 })));
    case "trivy-fs-results.sarif":
      return renderTrivySarif(content.findings.map((finding) => ({ finding, line: finding.line ?? 1 })));
    case "trivy-image-results.json": {
      const imageRef = `${REGISTRY}/${project.pathWithNamespace}:${imageTag(pipeline)}`;
      return renderTrivyImageJson({ imageRef, base: IMAGE_BASE[ecosystem], createdAt: ranAt, findings: content.findings });
    }
    case "coverage.xml":
      return renderCobertura({
        source: `/builds/${project.pathWithNamespace}/${ecosystem === "node" ? "src" : "app"}`,
        files: sourceFiles(project),
        coveragePercent: job.coverage ?? 0,
        timestamp: ranAt,
        seed: deriveSeed("coverage-lines", job.id),
      });
    case "build.env":
      return renderDotenv(content.env ?? {});
  }
}

function locate(source: ArtifactSource, jobId: number, t: number) {
  const found = source.model.job(jobId);
  if (!found || found.job.createdAt > t) return undefined;
  const project = source.model.projects[found.pipeline.projectIndex];
  return project ? { ...found, project } : undefined;
}

/** What the API would answer for the job's own file at t; undefined when the job writes none. */
export function artifactTruth(source: ArtifactSource, jobId: number, t: number): ArtifactTruth | undefined {
  const found = locate(source, jobId, t);
  const name = found && artifactNameOf(found.job.name);
  if (!found || !name) return undefined;
  const reason = availability(found.project, found.job, t);
  if (reason !== null) return { name, available: false, unavailableReason: reason, findings: [] };
  const content = artifactContent(source, found.project, found.pipeline, found.job);
  if (!content) return { name, available: false, unavailableReason: "not-uploaded", findings: [] };
  return { ...content, available: true };
}

/** The bytes the API serves for `path` of a job of `projectId` at t, or null for GitLab's 404. */
export function artifactFile(source: ArtifactSource, projectId: number, jobId: number, path: string, t: number): string | null {
  const found = locate(source, jobId, t);
  if (!found || found.project.id !== projectId) return null;
  const name = artifactNameOf(found.job.name);
  if (!name || path.replace(/^\.?\//, "") !== name) return null;
  if (availability(found.project, found.job, t) !== null) return null;
  return renderArtifact(source, found.project, found.pipeline, found.job) ?? null;
}
