/**
 * The shared CWIQ CI templates as the simulator applies them (DESIGN.md, "The pipeline being watched").
 */

import { STANDARD_STAGES } from "@/lib/domain/pipeline/stages";

/** The templates' stages are the nine Stageboard knows; one list for both. */
export const STAGES = STANDARD_STAGES;

export type Stage = (typeof STAGES)[number];

/** main = default branch, branch = feature/fix branches and merge-request refs, tag = version tags `v*`. */
export type RefKind = "main" | "branch" | "tag";

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

type Rule = Omit<JobSpec, "manual" | "allowFailure"> & {
  allowFailure?: boolean;
  on: readonly RefKind[];
};

const ALL: readonly RefKind[] = ["main", "branch", "tag"];
const MAIN: readonly RefKind[] = ["main"];

/** Template order = job creation order = job id order within a pipeline. */
const RULES: readonly Rule[] = [
  { name: "lint", stage: "validate", durationS: [30, 60], on: ALL, artifacts: [] },
  { name: "typecheck", stage: "validate", durationS: [40, 90], on: ALL, artifacts: [] },
  // Scanners report findings through artifacts; a finding must not block delivery.
  { name: "semgrep", stage: "validate", durationS: [60, 120], on: ALL, allowFailure: true, artifacts: ["archive", "metadata"] },
  { name: "trivy-fs-scan", stage: "validate", durationS: [40, 80], on: ALL, allowFailure: true, artifacts: ["archive", "metadata"] },
  { name: "test", stage: "test", durationS: [120, 300], on: ALL, artifacts: ["archive", "metadata", "junit", "cobertura"] },
  { name: "integration-test", stage: "test", durationS: [180, 360], on: ALL, artifacts: ["archive", "metadata", "junit"] },
  { name: "build-push", stage: "build", durationS: [120, 240], on: ALL, artifacts: ["archive", "metadata", "dotenv"] },
  { name: "push-latest", stage: "push", durationS: [20, 40], on: MAIN, artifacts: [] },
  { name: "sonarqube-scan", stage: "scan", durationS: [60, 180], on: MAIN, artifacts: [] },
  { name: "trivy-image-scan", stage: "scan", durationS: [60, 120], on: MAIN, artifacts: ["archive", "metadata"] },
  { name: "defectdojo-import", stage: "scan", durationS: [20, 40], on: MAIN, artifacts: [] },
  { name: "release", stage: "release", durationS: [15, 25], on: ["tag"], artifacts: [] },
  { name: "deploy-dev", stage: "deploy-dev", durationS: [60, 120], on: ["main", "branch"], artifacts: [] },
  { name: "migrate-dev", stage: "migrate", durationS: [30, 60], on: MAIN, artifacts: [] },
  { name: "verify-dev", stage: "verify", durationS: [30, 90], on: MAIN, artifacts: [] },
];

function specsFor(kind: RefKind): readonly JobSpec[] {
  return RULES.filter((rule) => rule.on.includes(kind)).map(({ on: _on, allowFailure, ...rule }) => {
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
