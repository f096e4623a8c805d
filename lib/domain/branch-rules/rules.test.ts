import { describe, expect, it } from "vitest";
import { checkCiConfig, serviceKind } from "./ci-config";
import { brokenRules, type ComplianceJob } from "./compliance";
import { expectedImageTag, integrityIssues, type IntegrityJob } from "./integrity";

const job = (name: string, stage: string, status = "success", extra: Partial<ComplianceJob> = {}): ComplianceJob => ({
  name,
  stage,
  status,
  manual: false,
  allowFailure: false,
  ...extra,
});

describe("branch rules", () => {
  it("accepts pipelines that follow the table", () => {
    expect(brokenRules({ refKind: "MAIN", ref: "main", jobs: [job("build-push", "build"), job("trivy-image-scan", "scan")] })).toEqual([]);
    expect(
      brokenRules({ refKind: "BRANCH", ref: "feature/x", jobs: [job("deploy-dev", "deploy-dev", "success", { manual: true, allowFailure: true })] }),
    ).toEqual([]);
    // A played manual job loses its `manual` status but keeps allow_failure.
    expect(brokenRules({ refKind: "BRANCH", ref: "feature/x", jobs: [job("deploy-dev", "deploy-dev", "success", { allowFailure: true })] })).toEqual([]);
    expect(brokenRules({ refKind: "TAG", ref: "v1.2.3", jobs: [job("release", "release")] })).toEqual([]);
  });

  it("names each broken rule", () => {
    expect(brokenRules({ refKind: "MAIN", ref: "main", jobs: [job("build-push", "build")] })).toEqual(["main-without-scan"]);
    expect(brokenRules({ refKind: "BRANCH", ref: "fix/y", jobs: [job("push-latest", "push")] })).toEqual(["branch-ran-push"]);
    expect(brokenRules({ refKind: "BRANCH", ref: "fix/y", jobs: [job("push-latest", "push", "skipped")] })).toEqual([]);
    expect(brokenRules({ refKind: "TAG", ref: "v2.0.0", jobs: [job("build-push", "build")] })).toEqual(["tag-without-release"]);
    expect(brokenRules({ refKind: "BRANCH", ref: "feature/z", jobs: [job("deploy-dev", "deploy-dev", "failed")] })).toEqual(["branch-deploy-not-manual"]);
    expect(brokenRules({ refKind: "BRANCH", ref: "feature/z", jobs: [job("deploy-dev", "deploy-dev", "manual", { manual: true, allowFailure: true })] })).toEqual([]);
  });
});

describe("image tag integrity", () => {
  const sha = "a".repeat(40);
  const j = (name: string, startedAt: number, finishedAt: number, status = "success"): IntegrityJob => ({ name, status, startedAt, finishedAt });

  it("expects main-{sha} on main only", () => {
    expect(expectedImageTag("main", sha)).toBe(`main-${sha}`);
    expect(expectedImageTag("feature/x", sha)).toBeNull();
  });

  it("passes a pipeline whose jobs all used its one build", () => {
    const jobs = [j("build-push", 0, 10), j("push-latest", 11, 12), j("trivy-image-scan", 13, 20), j("deploy-dev", 21, 30)];
    expect(integrityIssues({ ref: "main", sha, imageTag: `main-${sha}`, jobs, deployedShas: [sha] })).toEqual([]);
  });

  it("flags a wrong tag, a deployed sha of another commit and jobs that ran before a retried build", () => {
    const jobs = [j("build-push", 0, 10), j("push-latest", 11, 12), j("trivy-image-scan", 13, 20), j("deploy-dev", 21, 30), j("build-push", 100, 110)];
    const issues = integrityIssues({ ref: "main", sha, imageTag: "main-bbbb", jobs, deployedShas: [sha, "c".repeat(40)] });
    expect(issues.map((i) => i.kind)).toEqual(["tag-mismatch", "sha-mismatch", "earlier-build", "earlier-build", "earlier-build"]);
    expect(issues[2]?.message).toContain("push-latest");
  });

  it("does not flag a build retried after it failed", () => {
    const jobs = [j("build-push", 0, 10, "failed"), j("build-push", 20, 30), j("push-latest", 31, 32), j("deploy-dev", 40, 50)];
    expect(integrityIssues({ ref: "main", sha, imageTag: null, jobs, deployedShas: [] })).toEqual([]);
  });
});

describe(".gitlab-ci.yml check", () => {
  const yml = (ref: string, files: string[]) =>
    `include:\n  - project: 'cwiq/ci-templates'\n    ref: '${ref}'\n    file:\n${files.map((f) => `      - '/templates/${f}'`).join("\n")}\n`;

  it("tells backends from the frontend", () => {
    expect(serviceKind("ui")).toBe("frontend");
    expect(serviceKind("iam-api")).toBe("backend");
  });

  it("accepts the full template set pinned to a version", () => {
    const r = checkCiConfig("server", yml("v2.14.0", [".gitlab-ci-common.yml", ".gitlab-ci-python.yml", ".gitlab-ci-trivy.yml", ".gitlab-ci-scan.yml"]));
    expect(r).toMatchObject({ templatesRef: "v2.14.0", problems: [], error: null });
    expect(r.templates).toHaveLength(4);
  });

  it("names a missing template and a branch ref", () => {
    const r = checkCiConfig("ui", yml("main", [".gitlab-ci-common.yml", ".gitlab-ci-python.yml", ".gitlab-ci-trivy.yml", ".gitlab-ci-scan.yml"]));
    expect(r.problems).toEqual(["missing template .gitlab-ci-node.yml", "the templates include pins ref 'main', not a version tag"]);
  });

  it("handles a single include, no include and broken YAML", () => {
    const single = checkCiConfig("server", "include:\n  project: cwiq/ci-templates\n  file: /templates/.gitlab-ci-common.yml\n");
    expect(single.problems).toContain("the templates include pins no ref (follows the default branch)");
    expect(single.problems).toContain("missing template .gitlab-ci-scan.yml");
    expect(checkCiConfig("server", "stages: [build]\n").problems).toEqual(["does not include cwiq/ci-templates"]);
    const broken = checkCiConfig("server", "include: [\n");
    expect(broken.error).not.toBeNull();
  });
});
