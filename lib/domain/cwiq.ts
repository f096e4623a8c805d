/*
 * The CWIQ pipeline contract: what every service's pipeline is under the shared GitLab CI templates
 * (DESIGN.md, "The pipeline being watched"). The sync, the pages and the simulator take these facts
 * from here and nowhere else.
 */
import { RefKind } from "@/lib/platform/db/generated/enums";

/** The nine stages every CWIQ pipeline has, in pipeline order. */
export const STAGES = ["validate", "test", "build", "push", "scan", "release", "deploy-dev", "migrate", "verify"] as const;
export type Stage = (typeof STAGES)[number];

/** A pipeline's ref kind as stored (the Prisma enum): the default branch, any other branch, a tag. */
export type RefKindName = RefKind;
export const REF_KINDS: readonly RefKindName[] = Object.values(RefKind);

/** Branches treated as the default branch. */
export const MAIN_BRANCHES: ReadonlySet<string> = new Set(["main", "master"]);

/** Where a template job runs: main, feature branches (and merge-request refs), version tags `v*`. */
export type RefScope = "main" | "branch" | "tag";

export interface TemplateJob {
  name: string;
  stage: Stage;
  on: readonly RefScope[];
  /** Scanners report through artifacts: a finding must not block delivery. */
  allowFailure?: boolean;
}

const ALL: readonly RefScope[] = ["main", "branch", "tag"];
const MAIN: readonly RefScope[] = ["main"];

/** The templates' jobs in template order (= job creation order within a pipeline). */
export const TEMPLATE_JOBS: readonly TemplateJob[] = [
  { name: "lint", stage: "validate", on: ALL },
  { name: "typecheck", stage: "validate", on: ALL },
  { name: "semgrep", stage: "validate", on: ALL, allowFailure: true },
  { name: "trivy-fs-scan", stage: "validate", on: ALL, allowFailure: true },
  { name: "test", stage: "test", on: ALL },
  { name: "integration-test", stage: "test", on: ALL },
  { name: "build-push", stage: "build", on: ALL },
  { name: "push-latest", stage: "push", on: MAIN },
  { name: "sonarqube-scan", stage: "scan", on: MAIN },
  { name: "trivy-image-scan", stage: "scan", on: MAIN },
  { name: "defectdojo-import", stage: "scan", on: MAIN },
  { name: "release", stage: "release", on: ["tag"] },
  // Feature branches may deploy to dev, but only by hand (`when: manual`) and without blocking.
  { name: "deploy-dev", stage: "deploy-dev", on: ["main", "branch"] },
  { name: "migrate-dev", stage: "migrate", on: MAIN },
  { name: "verify-dev", stage: "verify", on: MAIN },
];

/** The job whose `coverage` (and coverage.xml) is the service's coverage. */
export const COVERAGE_JOB = "test";

/** The environment Stageboard follows: what each service runs on dev. */
export const DEV_ENVIRONMENT = "dev";

/** The jobs that put a pipeline on dev, in order. */
export const DEV_DELIVERY_JOBS = { deploy: "deploy-dev", migrate: "migrate-dev", verify: "verify-dev" } as const;

/** The job that builds and pushes the image and writes its IMAGE_TAG (`main-{sha}`) to build.env. */
export const BUILD_JOB = "build-push";

/** The jobs that must use the build's IMAGE_TAG: push, scan and deploy of the one image. */
export const IMAGE_TAG_CONSUMERS: readonly string[] = ["push-latest", "trivy-image-scan", DEV_DELIVERY_JOBS.deploy];

/** The build and every consumer of its tag. */
export const IMAGE_JOBS: readonly string[] = [BUILD_JOB, ...IMAGE_TAG_CONSUMERS];

/** The CWIQ templates' scanners. */
export const CWIQ_SCAN_TOOLS = ["semgrep", "trivy-fs", "trivy-image"] as const;

/**
 * Scanners beyond the CWIQ templates, read when SCAN_ARTIFACTS names their files: Gitleaks SARIF,
 * GitLab's own analyzers' reports (SAST, secret detection, dependency and container scanning), and
 * SARIF from any other tool. A fixed set, because a tool is known before its file is read (a report
 * that cannot be read still belongs to its scanner) and each one's reports are compared run to run.
 */
export const OTHER_SCAN_TOOLS = ["gitleaks", "gitlab-sast", "gitlab-secrets", "gitlab-dependencies", "gitlab-container", "sarif"] as const;

/** Scanners whose artifacts yield findings. */
export const SCAN_TOOLS = [...CWIQ_SCAN_TOOLS, ...OTHER_SCAN_TOOLS] as const;
export type ScanTool = (typeof SCAN_TOOLS)[number];

/** Every artifact kind Stageboard parses: the scanners plus coverage and the build's dotenv. */
export const ARTIFACT_TOOLS = [...SCAN_TOOLS, "cobertura", "dotenv"] as const;
export type ArtifactTool = (typeof ARTIFACT_TOOLS)[number];

/** One artifact the sync reads: the job that writes it, its path in the job's artifacts, its parser. */
export interface ArtifactSpec {
  job: string;
  file: string;
  tool: ArtifactTool;
}

/** Which job writes which file, and which parser reads it (artifacts handed between jobs); the default of SCAN_ARTIFACTS. */
export const ARTIFACTS: readonly ArtifactSpec[] = [
  { job: "semgrep", file: "semgrep-results.sarif", tool: "semgrep" },
  { job: "trivy-fs-scan", file: "trivy-fs-results.sarif", tool: "trivy-fs" },
  { job: "trivy-image-scan", file: "trivy-image-results.json", tool: "trivy-image" },
  { job: COVERAGE_JOB, file: "coverage.xml", tool: "cobertura" },
  { job: BUILD_JOB, file: "build.env", tool: "dotenv" },
];

/** The five severities every upstream's findings are normalised to, most severe first. */
export const SEVERITIES = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO"] as const;
export type Severity = (typeof SEVERITIES)[number];
export type SeverityCounts = Record<Severity, number>;

export function emptySeverityCounts(): SeverityCounts {
  return { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, INFO: 0 };
}

/** CWIQ's own services, each a GitLab project `cwiq/<name>`. */
export const CWIQ_SERVICES = ["server", "iam-api", "ui", "executor"] as const;

const DOMAINS = ["billing", "catalog", "search", "ledger", "notify", "reports", "audit", "gateway", "profile", "orders", "inventory", "pricing", "storage", "scheduler", "metrics", "export"];
const KINDS = ["api", "worker", "web", "sync", "jobs", "proxy", "store"];

/**
 * The services of a CWIQ grown to `count` services, for trying Stageboard at scale: its own four,
 * then more built from the same templates, named as teams name theirs (`billing-api`, `search-worker`).
 */
export function cwiqServiceNames(count: number): string[] {
  const names: string[] = CWIQ_SERVICES.slice(0, count);
  for (let i = 0; names.length < count; i++) {
    const name = `${DOMAINS[i % DOMAINS.length]}-${KINDS[Math.floor(i / DOMAINS.length) % KINDS.length]}`;
    const round = Math.floor(i / (DOMAINS.length * KINDS.length));
    names.push(round === 0 ? name : `${name}-${round + 1}`);
  }
  return names;
}
