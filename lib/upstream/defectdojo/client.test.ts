import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { UpstreamError } from "../transport";
import { startSimulator, type Simulator } from "@/simulator";
import { createDojoClient, type DojoTest } from "./client";
import type { FindingState } from "./normalize";

/* The real client against the simulated DefectDojo over HTTP; expectations come from the simulated GitLab. */

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ seed: 5, now: Date.parse("2026-11-20T12:00:00Z"), frozen: true, historyDays: 14, liveIntervalSeconds: 0 });
});
afterAll(() => sim.close());
beforeEach(() => sim.faults.clear());

const client = (token = sim.defectdojo.token, findingsPageSize?: number) =>
  createDojoClient({ url: sim.defectdojo.url, token, timeoutMs: 5_000, retry: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 3 }, findingsPageSize });

/** cwiq/server's main pipelines whose defectdojo-import succeeded, newest first, with the commit time. */
function importedPipelines() {
  const project = sim.truth().projects.find((p) => p.project.path_with_namespace === "cwiq/server");
  if (!project) throw new Error("cwiq/server is missing from the simulation");
  return project.pipelines
    .filter((p) => p.pipeline.ref === "main" && p.jobs.some((j) => j.name === "defectdojo-import" && j.status === "success"))
    .map((p) => ({ id: p.pipeline.id, sha: p.pipeline.sha, commitAt: Date.parse(p.jobs[0]?.commit.created_at ?? "") }));
}

async function testsFor(pipelines: ReturnType<typeof importedPipelines>): Promise<DojoTest[]> {
  const found: DojoTest[] = [];
  for (const p of pipelines) {
    const test = await client().findTest({ buildId: p.id, commitHash: p.sha, branchTag: "main" });
    if (test) found.push(test);
  }
  return found;
}

describe("DefectDojo client", () => {
  it("finds the test imported for a pipeline by its build id", async () => {
    const pipelines = importedPipelines();
    expect(pipelines.length).toBeGreaterThan(20);
    const tests = await testsFor(pipelines.slice(0, 20));
    const byBuildId = tests.filter((t) => t.matchedBy === "build_id");
    expect(byBuildId.length).toBeGreaterThan(10);
    for (const test of byBuildId) {
      const pipeline = pipelines.find((p) => String(p.id) === test.buildId);
      expect(test.commitHash).toBe(pipeline?.sha);
      expect(test).toMatchObject({ branchTag: "main", testType: "Trivy Scan", link: `${sim.defectdojo.url}/test/${test.id}` });
    }
    expect(new Set(tests.map((t) => t.id)).size).toBe(tests.length);
  });

  it("falls back to the commit hash for imports made without a build id", async () => {
    const pipelines = importedPipelines();
    const tests = await testsFor(pipelines);
    const byCommit = tests.filter((t) => t.matchedBy === "commit_hash");
    expect(byCommit.length).toBeGreaterThan(0);
    for (const test of byCommit) expect(pipelines.some((p) => p.sha === test.commitHash)).toBe(true);
    // Usually the import without a build id itself (a re-run of the same commit may have imported since).
    expect(byCommit.some((test) => test.buildId === null)).toBe(true);
  });

  it("returns null when nothing matches", async () => {
    expect(await client().findTest({ buildId: 1, commitHash: "0".repeat(40), branchTag: "no-such-branch" })).toBeNull();
  });

  it("lists a test's findings across pages: the world's image vulnerabilities at that commit, with counts by severity × state", async () => {
    const [latest] = importedPipelines();
    if (!latest) throw new Error("no import");
    const test = await client().findTest({ buildId: latest.id, commitHash: latest.sha });
    if (!test) throw new Error("no test for the latest import");
    const { findings, counts } = await client(undefined, 3).listFindings(test.id);
    const present = sim.findings.presentAt(101, "trivy-image", latest.commitAt);
    expect(present.length).toBeGreaterThan(3);
    for (const vuln of present) {
      const finding = findings.find((f) => f.cve === vuln.ruleId && f.componentName === vuln.packageName);
      expect(finding?.severity).toBe(vuln.severity);
      expect(finding?.componentVersion).toBe(vuln.installedVersion);
      expect(finding?.link).toBe(`${sim.defectdojo.url}/finding/${finding?.id}`);
    }
    // The rest were reported by the previous import and closed by this one.
    for (const gone of findings.filter((f) => !present.some((v) => v.ruleId === f.cve && v.packageName === f.componentName))) {
      expect(gone.state).toBe("mitigated");
    }
    const total = Object.values(counts).reduce((sum, row) => sum + Object.values(row).reduce((a, b) => a + b, 0), 0);
    expect(total).toBe(findings.length);
    for (const f of findings) expect(counts[f.severity][f.state]).toBeGreaterThan(0);
    expect(new Set(findings.map((f) => f.id)).size).toBe(findings.length);
  });

  it("keeps a vulnerability's finding id from import to import, and triage states evolve", async () => {
    // Every third import over the two weeks, oldest first.
    const tests = (await testsFor(importedPipelines().filter((_, i) => i % 3 === 0))).reverse();
    const idsByCve = new Map<string, Set<number>>();
    const states = new Set<FindingState>();
    for (const test of tests) {
      for (const f of (await client().listFindings(test.id)).findings) {
        const key = `${f.cve}:${f.componentName}`;
        idsByCve.set(key, (idsByCve.get(key) ?? new Set()).add(f.id));
        states.add(f.state);
      }
    }
    // One id per vulnerability (a re-introduced one may get a second).
    const multi = [...idsByCve.values()].filter((ids) => ids.size > 1).length;
    expect(multi).toBeLessThan(idsByCve.size / 4);
    expect(states.has("verified")).toBe(true);
    expect(states.has("mitigated")).toBe(true);
  });

  it("says DefectDojo rejected the token, without the token", async () => {
    const error = await client("wrong-dojo-key").findTest({ branchTag: "main" }).catch((e: unknown) => e);
    expect(error instanceof UpstreamError && error.kind).toBe("auth");
    expect(String(error)).toContain("DefectDojo rejected the token");
    expect(String(error)).not.toContain("wrong-dojo-key");
  });

  it("retries a 5xx and then succeeds", async () => {
    sim.faults.set({ kind: "5xx", count: 2, status: 503, path: "/defectdojo/api/v2/tests" });
    expect(await client().findTest({ branchTag: "main" })).not.toBeNull();
    expect(sim.faults.list()).toHaveLength(0);
  });

  it("rejects a malformed answer with a clear error", async () => {
    sim.faults.set({ kind: "malformed", count: 5, path: "/defectdojo/api/v2/findings" });
    const error = await client().listFindings(1).catch((e: unknown) => e);
    expect(error instanceof UpstreamError && error.kind).toBe("invalid_response");
    expect(String(error)).toContain("DefectDojo sent a body that is not valid JSON for /defectdojo/api/v2/findings/");
  });
});
