/**
 * The shared CWIQ CI templates as the simulator applies them (DESIGN.md, "The pipeline being watched").
 */

import { STAGES, TEMPLATE_JOBS, type RefScope, type Stage } from "@/lib/domain/cwiq";

/** main = default branch, branch = feature/fix branches and merge-request refs, tag = version tags `v*`. */
export type RefKind = RefScope;

export type ArtifactKind = "archive" | "metadata" | "junit" | "cobertura" | "dotenv";

export interface JobSpec {
  name: string;
  stage: Stage;
  /** Planned run time range in seconds. */
  durationS: readonly [number, number];
  allowFailure: boolean;
  /** `when: manual`: waits in status `manual` until someone plays it. */
  manual: boolean;
  /** Artifacts the job uploads when it finishes (the trace is always there). */
  artifacts: readonly ArtifactKind[];
}

/** How long each template job runs and what it uploads: what the simulator adds to the CWIQ contract. */
const SIMULATED: Readonly<Record<string, Pick<JobSpec, "durationS" | "artifacts">>> = {
  lint: { durationS: [30, 60], artifacts: [] },
  typecheck: { durationS: [40, 90], artifacts: [] },
  semgrep: { durationS: [60, 120], artifacts: ["archive", "metadata"] },
  "trivy-fs-scan": { durationS: [40, 80], artifacts: ["archive", "metadata"] },
  test: { durationS: [120, 300], artifacts: ["archive", "metadata", "junit", "cobertura"] },
  "integration-test": { durationS: [180, 360], artifacts: ["archive", "metadata", "junit"] },
  "build-push": { durationS: [120, 240], artifacts: ["archive", "metadata", "dotenv"] },
  "push-latest": { durationS: [20, 40], artifacts: [] },
  "sonarqube-scan": { durationS: [60, 180], artifacts: [] },
  "trivy-image-scan": { durationS: [60, 120], artifacts: ["archive", "metadata"] },
  "defectdojo-import": { durationS: [20, 40], artifacts: [] },
  release: { durationS: [15, 25], artifacts: [] },
  "deploy-dev": { durationS: [60, 120], artifacts: [] },
  "migrate-dev": { durationS: [30, 60], artifacts: [] },
  "verify-dev": { durationS: [30, 90], artifacts: [] },
};

function specsFor(kind: RefKind): readonly JobSpec[] {
  return TEMPLATE_JOBS.filter((job) => job.on.includes(kind)).map(({ on: _on, allowFailure, ...job }) => {
    const simulated = SIMULATED[job.name];
    if (!simulated) throw new Error(`the simulator has no run time for template job ${job.name}`);
    const rule = { ...job, ...simulated };
    // Feature branches may deploy to dev, but only by hand and without blocking the pipeline.
    const manual = rule.name === "deploy-dev" && kind === "branch";
    return { ...rule, manual, allowFailure: manual || (allowFailure ?? false) };
  });
}

const SPECS: Readonly<Record<RefKind, readonly JobSpec[]>> = {
  main: specsFor("main"),
  branch: specsFor("branch"),
  tag: specsFor("tag"),
};

export function jobsForRef(kind: RefKind): readonly JobSpec[] {
  return SPECS[kind];
}

export function stageIndex(stage: Stage): number {
  return STAGES.indexOf(stage);
}
