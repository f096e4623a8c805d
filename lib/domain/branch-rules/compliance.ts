import { DEV_DELIVERY_JOBS, type RefKindName } from "@/lib/domain/cwiq";
/** The branch rules of DESIGN.md's pipeline table, checked per pipeline. */


export interface ComplianceJob {
  name: string;
  stage: string;
  status: string;
  manual: boolean;
  allowFailure: boolean;
}

export interface CompliancePipeline {
  refKind: RefKindName;
  ref: string;
  jobs: readonly ComplianceJob[];
}

export const PIPELINE_RULES = {
  "main-without-scan": "A main pipeline must run the scan stage (sonarqube-scan, trivy-image-scan, defectdojo-import)",
  "branch-ran-push": "A feature branch or merge-request pipeline must not run the push stage (main only)",
  "tag-without-release": "A version tag pipeline must run the release stage",
  "branch-deploy-not-manual": "deploy-dev on a feature branch or merge request must be played by hand (when: manual)",
} as const;

export type PipelineRule = keyof typeof PIPELINE_RULES;

const RAN = new Set(["running", "success", "failed"]);

/** Feature work: a branch pipeline, or a merge-request pipeline of one (its own kind, under the same rules). */
const isFeatureWork = (p: CompliancePipeline) => p.refKind === "BRANCH" || p.refKind === "MERGE_REQUEST";

export function brokenRules(p: CompliancePipeline): PipelineRule[] {
  const broken: PipelineRule[] = [];
  const inStage = (stage: string) => p.jobs.filter((j) => j.stage === stage);
  if (p.refKind === "MAIN" && inStage("scan").length === 0) broken.push("main-without-scan");
  if (isFeatureWork(p) && inStage("push").some((j) => RAN.has(j.status))) broken.push("branch-ran-push");
  if (p.refKind === "TAG" && /^v/.test(p.ref) && inStage("release").length === 0) broken.push("tag-without-release");
  // GitLab makes a manual job allow_failure by default; one that ran and was neither is an automatic deploy.
  if (isFeatureWork(p) && p.jobs.some((j) => j.name === DEV_DELIVERY_JOBS.deploy && RAN.has(j.status) && !j.manual && !j.allowFailure)) {
    broken.push("branch-deploy-not-manual");
  }
  return broken;
}
