import { describe, expect, it } from "vitest";
import { DEFAULT_PROJECTS } from "./catalog";
import { SimulationModel, type ModelConfig } from "./model";
import type { PlannedJob, PlannedPipeline } from "./plan";
import { STAGES } from "@/lib/domain/cwiq";
import { breaksBranchRules, chooseDeliveryScenario } from "./scenario";
import { isLatestAt, jobStatusAt, pipelineStateAt } from "./state";
import { compositeStatus } from "./status";

const ANCHOR = Date.parse("2025-03-10T12:00:00.000Z");
const config = (overrides: Partial<ModelConfig> = {}): ModelConfig => ({
  seed: 42,
  anchor: ANCHOR,
  historyDays: 10,
  pipelinesPerDay: 20,
  pipelinesPerProject: null,
  liveIntervalSeconds: 60,
  projects: DEFAULT_PROJECTS,
  ...overrides,
});

const model = new SimulationModel(config());
const settled = (p: PlannedPipeline) => p.settledAt <= ANCHOR;
const all = model.projects.flatMap((project) => project.pipelines);
/** The services' own pipelines: GitLab lists child pipelines (source parent_pipeline) with them. */
const own = all.filter((p) => p.parent === null);
/** Trigger jobs count in a pipeline's status like jobs (GitLab's processables). */
const latestJobs = (p: PlannedPipeline, t: number) => [...p.jobs, ...p.bridges].filter((job) => isLatestAt(job, t));
const stageOf = (job: PlannedJob) => STAGES.indexOf(job.stage);
/** The rare delivery events a pipeline was planned with (rule breaks, a late rebuild or redeploy). */
const deliveryOf = (p: PlannedPipeline) => chooseDeliveryScenario(p.refKind, p.createdAt);

/** A comparable fingerprint of everything planned (ids, refs, every state change). */
function fingerprint(m: SimulationModel): string {
  return JSON.stringify(
    m.projects.map((project) =>
      project.pipelines.map((p) => [p.id, p.iid, p.ref, p.sha, p.source, p.createdAt, p.transitions, p.jobs.map((j) => [j.id, j.name, j.transitions])]),
    ),
  );
}

describe("simulation model", () => {
  it("is fully determined by the seed, however the clock moved", () => {
    const a = new SimulationModel(config());
    const b = new SimulationModel(config());
    a.ensure(ANCHOR + 10 * 60_000);
    a.ensure(ANCHOR + 40 * 60_000);
    b.ensure(ANCHOR + 40 * 60_000);
    expect(fingerprint(a)).toBe(fingerprint(b));
    const other = new SimulationModel(config({ seed: 7 }));
    other.ensure(ANCHOR + 40 * 60_000);
    expect(fingerprint(other)).not.toBe(fingerprint(a));
  });

  it("creates the configured amount of history, spread over the window", () => {
    for (const project of model.projects) {
      expect(project.pipelines.filter((p) => p.createdAt < ANCHOR && p.parent === null)).toHaveLength(200);
      expect(project.pipelines[0]?.createdAt).toBeGreaterThanOrEqual(ANCHOR - 10 * 86_400_000);
    }
    const even = new SimulationModel(config({ pipelinesPerProject: 50, liveIntervalSeconds: 0 }));
    for (const project of even.projects) {
      const pipelines = project.pipelines.filter((p) => p.parent === null);
      expect(pipelines).toHaveLength(50);
      const gaps = pipelines.slice(1).map((p, i) => p.createdAt - (pipelines[i]?.createdAt ?? 0));
      expect(Math.min(...gaps)).toBeGreaterThan(0.2 * 86_400_000 * (10 / 50));
    }
  });

  it("keeps live pipelines arriving after the anchor at the configured interval", () => {
    const live = new SimulationModel(config({ historyDays: 1, liveIntervalSeconds: 30 }));
    live.ensure(ANCHOR + 3_600_000);
    const created = live.projects
      .flatMap((p) => p.pipelines)
      .filter((p) => p.parent === null && p.createdAt > ANCHOR && p.createdAt <= ANCHOR + 3_600_000);
    expect(created.length).toBeGreaterThanOrEqual(118);
    expect(created.length).toBeLessThanOrEqual(121);
    expect(new Set(created.map((p) => p.projectId)).size).toBe(4);
  });

  it("numbers pipelines, iids and jobs the way GitLab does", () => {
    const byCreation = [...all].sort((a, b) => a.createdAt - b.createdAt);
    for (let i = 1; i < byCreation.length; i++) expect(byCreation[i]!.id).toBeGreaterThan(byCreation[i - 1]!.id);
    for (const project of model.projects) {
      const iids = project.pipelines.map((p) => p.iid);
      expect(iids).toEqual([...iids].sort((a, b) => a - b));
    }
    const jobIds = all.flatMap((p) => p.jobs.filter((j) => j.createdAt <= ANCHOR).map((j) => j.id));
    expect(new Set(jobIds).size).toBe(jobIds.length);
    expect(jobIds.every((id) => id > 0)).toBe(true);
    // Jobs created later (retries) get later ids than jobs of pipelines created before them.
    const creations = all.flatMap((p) => p.jobs.filter((j) => j.createdAt <= ANCHOR)).sort((a, b) => a.id - b.id);
    for (let i = 1; i < creations.length; i++) expect(creations[i]!.createdAt).toBeGreaterThanOrEqual(creations[i - 1]!.createdAt);
  });

  it("follows the branch rules, but for a few deliberate breaks", () => {
    const names = (p: PlannedPipeline) => [...new Set(p.jobs.map((j) => j.name))].sort();
    const breaking = own.filter((p) => breaksBranchRules(deliveryOf(p)));
    expect(breaking.length).toBeLessThan(own.length * 0.03);
    for (const p of breaking) {
      const d = deliveryOf(p);
      if (d.dropScan) expect(p.jobs.some((j) => j.stage === "scan")).toBe(false);
      if (d.branchPush) expect(p.jobs.some((j) => j.name === "push-latest")).toBe(true);
      if (d.tagWithoutRelease) expect(p.jobs.some((j) => j.name === "release")).toBe(false);
      if (d.autoDeployBranch) expect(p.jobs.find((j) => j.name === "deploy-dev")).toMatchObject({ manual: false, allowFailure: false });
    }
    const following = own.filter((p) => !breaksBranchRules(deliveryOf(p)));
    const main = following.filter((p) => p.refKind === "main");
    const branches = following.filter((p) => p.refKind === "branch");
    const tags = following.filter((p) => p.refKind === "tag");
    expect(main.length).toBeGreaterThan(own.length * 0.35);
    expect(branches.length).toBeGreaterThan(own.length * 0.4);
    expect(tags.length).toBeGreaterThan(5);
    for (const p of main) {
      expect(p.ref).toBe("main");
      expect(names(p)).toEqual(
        ["build-push", "defectdojo-import", "deploy-dev", "integration-test", "lint", "migrate-dev", "push-latest", "semgrep", "sonarqube-scan", "test", "trivy-fs-scan", "trivy-image-scan", "typecheck", "verify-dev"].sort(),
      );
    }
    for (const p of branches) {
      expect(p.ref).toMatch(/^(feature|fix|chore)\/|^refs\/merge-requests\/\d+\/head$/);
      expect(names(p)).toEqual(["build-push", "deploy-dev", "integration-test", "lint", "semgrep", "test", "trivy-fs-scan", "typecheck"]);
      const deploy = p.jobs.find((j) => j.name === "deploy-dev");
      expect(deploy?.manual).toBe(true);
      // Most teams' manual deploy may fail without blocking; a few block the pipeline until played.
      expect(deploy?.allowFailure).toBe(!deliveryOf(p).blockingManualDeploy);
    }
    const blocking = branches.filter((p) => deliveryOf(p).blockingManualDeploy);
    expect(blocking.length).toBeGreaterThan(0);
    expect(blocking.length).toBeLessThan(branches.length * 0.1);
    for (const p of tags) {
      expect(p.ref).toMatch(/^v\d+\.\d+\.\d+$/);
      expect(p.tag).toBe(true);
      expect(names(p)).toEqual(["build-push", "integration-test", "lint", "release", "semgrep", "test", "trivy-fs-scan", "typecheck"]);
    }
    // Waiting manual deploys on branches; each version tag only once per project.
    expect(branches.some((p) => p.jobs.some((j) => j.name === "deploy-dev" && jobStatusAt(j, ANCHOR) === "manual"))).toBe(true);
    for (const project of model.projects) {
      const refs = project.pipelines.filter((p) => p.tag && p.parent === null).map((p) => p.ref);
      expect(new Set(refs).size).toBe(refs.length);
    }
  });

  it("derives every pipeline status from its latest jobs at every moment", () => {
    for (const p of all.slice(0, 300)) {
      for (const tr of p.transitions) {
        const jobs = latestJobs(p, tr.at).map((j) => ({ status: jobStatusAt(j, tr.at)!, allowFailure: j.allowFailure }));
        expect(compositeStatus(jobs)).toBe(tr.status);
        expect(pipelineStateAt(p, tr.at).updatedAt).toBe(tr.at);
      }
      expect(p.transitions[0]).toMatchObject({ at: p.createdAt, status: "created" });
    }
  });

  it("runs stages in order and skips what follows a blocking failure", () => {
    // A build-push retried after its downstream jobs ran is the one planned exception.
    for (const p of all.filter(settled).filter((x) => deliveryOf(x).rebuildAfterMs === null)) {
      const jobs = latestJobs(p, p.settledAt);
      for (const job of jobs) {
        if (job.startedAt === null) continue;
        for (const earlier of jobs.filter((j) => stageOf(j) < stageOf(job) && !j.manual && j.finishedAt !== null)) {
          expect(job.startedAt).toBeGreaterThan(earlier.finishedAt!);
        }
      }
      const blocking = jobs.find((j) => j.finalStatus === "failed" && !j.allowFailure);
      if (blocking && pipelineStateAt(p, p.settledAt).status === "failed") {
        for (const later of jobs.filter((j) => stageOf(j) > stageOf(blocking))) expect(later.finalStatus).toBe("skipped");
      }
    }
  });

  it("produces the scenario mix", () => {
    const finals = all.filter(settled).map((p) => ({ p, state: pipelineStateAt(p, p.settledAt) }));
    const count = (predicate: (x: (typeof finals)[number]) => boolean) => finals.filter(predicate).length;
    expect(count((x) => x.state.status === "success")).toBeGreaterThan(finals.length * 0.6);
    expect(count((x) => x.state.status === "failed")).toBeGreaterThan(finals.length * 0.05);
    expect(count((x) => x.state.status === "canceled")).toBeGreaterThan(0);
    expect(count((x) => x.state.warnings)).toBeGreaterThan(0); // an allow_failure scanner failed, pipeline passed
    expect(count((x) => x.p.jobs.some((j) => j.name === "lint" && j.finalStatus === "failed") && x.p.refKind === "branch")).toBeGreaterThan(0);
    expect(count((x) => x.p.refKind === "main" && x.p.jobs.some((j) => j.name === "deploy-dev" && j.finalStatus === "failed"))).toBeGreaterThan(0);
    expect(count((x) => x.p.jobs.some((j) => j.name === "verify-dev" && j.finalStatus === "failed"))).toBeGreaterThan(0);

    const retried = finals.filter((x) => x.p.jobs.filter((j) => j.name === "integration-test").length > 1);
    expect(retried.length).toBeGreaterThan(3);
    for (const { p } of retried) {
      const [first, second] = p.jobs.filter((j) => j.name === "integration-test");
      expect(first?.finalStatus).toBe("failed");
      expect(second?.finalStatus).toBe("success");
      expect(second!.id).toBeGreaterThan(first!.id);
      expect(second!.stage).toBe(first!.stage);
      expect(first!.retriedAt).toBe(second!.createdAt);
    }
    // By hand: the pipeline had failed in between, then ran again.
    expect(retried.some(({ p }) => p.transitions.some((tr, i) => tr.status === "running" && p.transitions[i - 1]?.status === "failed"))).toBe(true);
  });

  it("reports coverage on passing test jobs, drifting within range", () => {
    const coverages = all.flatMap((p) => p.jobs.filter((j) => j.coverage !== null));
    expect(coverages.length).toBeGreaterThan(100);
    for (const job of coverages) {
      expect(job.name).toBe("test");
      expect(job.finalStatus).toBe("success");
      expect(job.coverage!).toBeGreaterThanOrEqual(72.4);
      expect(job.coverage!).toBeLessThanOrEqual(88);
    }
    expect(new Set(coverages.map((j) => Math.round(j.coverage!))).size).toBeGreaterThan(3);
  });

  it("starts ui's end-to-end tests as a child pipeline whose outcome its trigger job takes", () => {
    const ui = model.projects.find((p) => p.name === "ui")!;
    expect(model.projects.filter((p) => p !== ui).every((p) => p.pipelines.every((q) => q.bridges.length === 0 && q.parent === null))).toBe(true);
    const parents = ui.pipelines.filter((p) => p.parent === null && settled(p));
    const started = parents.filter((p) => p.bridges[0]?.child);
    expect(started.length).toBeGreaterThan(parents.length * 0.8);
    for (const p of started) {
      const bridge = p.bridges[0]!;
      const child = bridge.child!;
      expect(bridge).toMatchObject({ name: "e2e", stage: "test", allowFailure: false });
      expect(p.jobs).not.toContain(bridge);
      expect(child).toMatchObject({ source: "parent_pipeline", ref: p.ref, sha: p.sha, projectId: p.projectId, parent: { pipeline: p, bridge } });
      expect(ui.pipelines).toContain(child);
      expect(child.id).toBeGreaterThan(p.id);
      expect(child.createdAt).toBeGreaterThan(bridge.queuedAt!);
      expect(child.jobs.map((j) => j.name).sort()).toEqual(["e2e-bundle", "playwright 1/3", "playwright 2/3", "playwright 3/3"]);
      // strategy: depend — the trigger job runs while the child does and ends with the child's outcome.
      const childFinal = pipelineStateAt(child, child.settledAt).status;
      expect(bridge.finalStatus).toBe(childFinal === "success" ? "success" : childFinal === "canceled" ? "canceled" : "failed");
      expect(bridge.startedAt).toBe(child.createdAt);
      expect(bridge.finishedAt!).toBeGreaterThanOrEqual(child.settledAt);
      expect(p.settledAt).toBeGreaterThanOrEqual(child.settledAt);
    }
    // A failed child fails the parent: its later stages are skipped.
    const failed = started.filter((p) => p.bridges[0]!.finalStatus === "failed");
    expect(failed.length).toBeGreaterThan(0);
    for (const p of failed) {
      expect(pipelineStateAt(p, p.settledAt).status).toBe("failed");
      expect(p.jobs.filter((j) => stageOf(j) > STAGES.indexOf("test")).every((j) => j.finalStatus === "skipped")).toBe(true);
    }
    // Bridges get job ids, but GitLab's job endpoints do not serve them.
    for (const p of started) expect(model.job(p.bridges[0]!.id)).toBeUndefined();
    for (const child of started.map((p) => p.bridges[0]!.child!)) {
      expect(model.pipeline(child.id)).toBe(child);
      for (const job of child.jobs) expect(model.job(job.id)?.pipeline).toBe(child);
    }
  });

  it("plans retried builds after their downstream jobs, and deploys of older pipelines", () => {
    const main = all.filter((p) => p.refKind === "main" && settled(p));
    const rebuilt = main.filter((p) => p.jobs.filter((j) => j.name === "build-push").length > 1);
    expect(rebuilt.length).toBeGreaterThan(0);
    for (const p of rebuilt) {
      const [first, second] = p.jobs.filter((j) => j.name === "build-push");
      const deploy = p.jobs.find((j) => j.name === "deploy-dev");
      expect(second!.createdAt).toBeGreaterThan(deploy!.finishedAt!);
      expect(first!.retriedAt).toBe(second!.createdAt);
    }
    const redeployed = main.filter((p) => p.jobs.filter((j) => j.name === "deploy-dev").length > 1);
    expect(redeployed.length).toBeGreaterThan(0);
    for (const p of redeployed) {
      const again = p.jobs.filter((j) => j.name === "deploy-dev")[1]!;
      // Someone deployed this pipeline again after a newer main pipeline had deployed.
      const newer = all.find((q) => q.projectId === p.projectId && q.refKind === "main" && q.createdAt > p.createdAt && q.jobs.some((j) => j.name === "deploy-dev" && j.finalStatus === "success" && j.finishedAt! < again.createdAt));
      expect(newer).toBeDefined();
      for (const name of ["migrate-dev", "verify-dev"]) expect(p.jobs.filter((j) => j.name === name).length).toBe(2);
    }
  });
});
