import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { UpstreamError } from "../transport";
import { startSimulator, type Simulator } from "@/simulator";
import { createDojoClient, type DojoScope, type DojoTest } from "./client";
import { IMPORT_CLOCK_SKEW_MS, runTest, type DojoTestMatch } from "./match";
import type { FindingState } from "./normalize";

/* The real client against the simulated DefectDojo over HTTP; expectations come from the simulated GitLab. */

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ seed: 5, now: Date.parse("2026-11-20T12:00:00Z"), frozen: true, historyDays: 14, liveIntervalSeconds: 0 });
});
afterAll(() => sim.close());
beforeEach(() => sim.faults.clear());
afterEach(() => sim.defectdojoControl.reset());

const client = (token = sim.defectdojo.token, findingsPageSize?: number, listPageSize?: number) =>
  createDojoClient({ url: sim.defectdojo.url, token, timeoutMs: 5_000, retry: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 3 }, findingsPageSize, listPageSize });

/** cwiq/server's main pipelines whose defectdojo-import succeeded, newest first, with the commit time. */
function importedPipelines() {
  const project = sim.truth().projects.find((p) => p.project.path_with_namespace === "cwiq/server");
  if (!project) throw new Error("cwiq/server is missing from the simulation");
  return project.pipelines
    .filter((p) => p.pipeline.ref === "main" && p.jobs.some((j) => j.name === "defectdojo-import" && j.status === "success"))
    .map((p) => ({ id: p.pipeline.id, sha: p.pipeline.sha, ref: "main", createdAt: new Date(p.pipeline.created_at), commitAt: Date.parse(p.jobs[0]?.commit.created_at ?? "") }));
}

async function serverScope(listPageSize?: number): Promise<DojoScope> {
  const found = await client(undefined, undefined, listPageSize).findScope({ productNames: ["server", "cwiq/server"] });
  if ("missing" in found) throw new Error(found.missing);
  return found.scope;
}

/** Each pipeline's test as the sync would link it: one listing of the product since the oldest run. */
async function linkAll(pipelines: ReturnType<typeof importedPipelines>, listPageSize?: number): Promise<Map<number, DojoTestMatch | null>> {
  const scope = await serverScope(listPageSize);
  const oldest = Math.min(...pipelines.map((p) => p.createdAt.getTime()));
  const tests = await client(undefined, undefined, listPageSize).listTests(scope, new Date(oldest - IMPORT_CLOCK_SKEW_MS));
  const engagements = new Set(scope.engagements.map((e) => e.id));
  return new Map(pipelines.map((p) => [p.id, runTest(tests, p, engagements)]));
}

const summary = (links: Map<number, DojoTestMatch | null>) => [...links].map(([id, m]) => [id, m?.test.id ?? null, m?.matchedBy ?? null]);

describe("DefectDojo client", () => {
  it("finds the service's product by its exact name, not one whose name only contains it", async () => {
    sim.defectdojoControl.addProduct("cwiq/server-e2e", Date.parse("2026-11-01T00:00:00Z"));
    const scope = await serverScope();
    expect(scope.product.name).toBe("cwiq/server");
    expect(scope.engagements.map((e) => [e.name, e.productId])).toEqual([["CI/CD", scope.product.id]]);
    // DefectDojo's `name` filter matches "cwiq/server" and "cwiq/server-e2e"; neither is named "server".
    expect(await client().findScope({ productNames: ["server"] })).toEqual({ missing: 'DefectDojo has no product named "server"' });
    expect(await client().findScope({ productNames: ["CWIQ/Server"] })).toMatchObject({ scope: { product: { name: "cwiq/server" } } });
    expect(await client().findScope({ productNames: ["cwiq/server"], engagementName: "Nightly" })).toEqual({
      missing: 'DefectDojo product "cwiq/server" has no engagement named "Nightly"',
    });
  });

  it("links each pipeline to the test that names it: by build id, else by its full or short commit, else to none", async () => {
    const pipelines = importedPipelines();
    expect(pipelines.length).toBeGreaterThan(20);
    const links = await linkAll(pipelines);
    const matches = [...links.values()].filter((m): m is DojoTestMatch => m !== null);
    const byBuildId = matches.filter((m) => m.matchedBy === "build_id");
    expect(byBuildId.length).toBeGreaterThan(pipelines.length / 2);
    for (const [id, match] of links) {
      const pipeline = pipelines.find((p) => p.id === id);
      if (!match || !pipeline) continue;
      const { test } = match;
      expect(test.branchTag).toBe("main");
      if (match.matchedBy === "build_id") expect(test.buildId).toBe(String(id));
      else expect([test.buildId, pipeline.sha.startsWith(test.commitHash ?? "-")]).toEqual([null, true]);
      expect(test).toMatchObject({ testType: "Trivy Scan", link: `${sim.defectdojo.url}/test/${test.id}` });
    }
    // Imports without a build id: some by the whole commit, some by `CI_COMMIT_SHORT_SHA`.
    const byCommit = matches.filter((m) => m.matchedBy === "commit_hash");
    expect(byCommit.some((m) => m.test.commitHash?.length === 40)).toBe(true);
    expect(byCommit.some((m) => m.test.commitHash?.length === 8)).toBe(true);
    // A test with a build id is its pipeline's only.
    expect(new Set(byBuildId.map((m) => m.test.id)).size).toBe(byBuildId.length);
    // Imports that name neither build nor commit are nobody's, though every one of them is on main.
    const scope = await serverScope();
    const anonymous = (await client().listTests(scope, new Date(0))).filter((t) => t.buildId === null && t.commitHash === null);
    expect(anonymous.length).toBeGreaterThan(0);
    expect(matches.filter((m) => anonymous.some((t) => t.id === m.test.id))).toEqual([]);
    expect([...links.values()].filter((m) => m === null).length).toBeGreaterThanOrEqual(1);
  });

  it("never takes another product's import of the same pipeline, nor a newer import on main that names no run", async () => {
    const pipelines = importedPipelines();
    const [latest] = pipelines;
    if (!latest) throw new Error("no import");
    const now = sim.clock.now();
    sim.defectdojoControl.addProduct("cwiq/server-e2e", now - 86_400_000);
    const dast = sim.defectdojoControl.addTest({ product: "cwiq/server-e2e", created: now - 60_000, buildId: String(latest.id), commitHash: latest.sha, branchTag: "main", scanType: "ZAP Scan" });
    const manual = sim.defectdojoControl.addTest({ product: "cwiq/server", created: now - 30_000, branchTag: "main" });
    const links = await linkAll(pipelines);
    const linked = [...links.values()].map((m) => m?.test.id);
    expect(linked).not.toContain(dast);
    expect(linked).not.toContain(manual);
    expect(links.get(latest.id)?.test.buildId).toBe(String(latest.id));
  });

  it("links the same tests when DefectDojo ignores the ordering and the CI filters, as older servers do", async () => {
    const pipelines = importedPipelines();
    // Small pages, so the older server's listing (oldest first) has to be read back from its end.
    const current = summary(await linkAll(pipelines, 10));
    const newest = pipelines.slice(0, 3);
    const currentNewest = summary(await linkAll(newest, 10));
    sim.defectdojoControl.setOldServer(true);
    expect(summary(await linkAll(pipelines, 10))).toEqual(current);
    sim.stats.reset();
    expect(summary(await linkAll(newest, 10))).toEqual(currentNewest);
    // The first page (the oldest tests), then the last pages back to the newest runs' time only.
    expect(sim.stats.byRoute["GET /defectdojo/api/v2/tests/"]).toBeLessThanOrEqual(4);
    expect(current.filter(([, test]) => test !== null).length).toBeGreaterThan(pipelines.length / 2);
    expect(currentNewest.filter(([, test]) => test !== null).length).toBeGreaterThan(0);
  });

  it("reads only back to the oldest run when the server orders by creation", async () => {
    const scope = await serverScope(10);
    const pipelines = importedPipelines();
    const newest = pipelines.slice(0, 3);
    const since = new Date(Math.min(...newest.map((p) => p.createdAt.getTime())) - IMPORT_CLOCK_SKEW_MS);
    sim.stats.reset();
    const recent = await client(undefined, undefined, 10).listTests(scope, since);
    const pages = sim.stats.byRoute["GET /defectdojo/api/v2/tests/"] ?? 0;
    const all = await client(undefined, undefined, 10).listTests(scope, new Date(0));
    expect(all.length).toBeGreaterThan(40);
    expect(pages).toBeLessThanOrEqual(2);
    expect(recent.length).toBeLessThan(all.length);
    const engagements = new Set(scope.engagements.map((e) => e.id));
    for (const p of newest) expect(runTest(recent, p, engagements)?.test.id).toBe(runTest(all, p, engagements)?.test.id);
  });

  it("lists a test's findings across pages: the world's image vulnerabilities at that commit, with counts by severity × state", async () => {
    const pipelines = importedPipelines();
    const links = await linkAll(pipelines.slice(0, 5));
    const latest = pipelines.slice(0, 5).find((p) => links.get(p.id)?.matchedBy === "build_id");
    const test = latest && links.get(latest.id)?.test;
    if (!latest || !test) throw new Error("no test for the latest imports");
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
    const links = await linkAll(importedPipelines().filter((_, i) => i % 3 === 0));
    const tests = [...links.values()]
      .map((m) => m?.test)
      .filter((t): t is DojoTest => t !== undefined)
      .reverse();
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
    const error = await client("wrong-dojo-key").findScope({ productNames: ["cwiq/server"] }).catch((e: unknown) => e);
    expect(error instanceof UpstreamError && error.kind).toBe("auth");
    expect(String(error)).toContain("DefectDojo rejected the token");
    expect(String(error)).not.toContain("wrong-dojo-key");
  });

  it("retries a 5xx and then succeeds", async () => {
    sim.faults.set({ kind: "5xx", count: 2, status: 503, path: "/defectdojo/api/v2/tests" });
    expect((await client().listTests(await serverScope(), new Date(sim.clock.now()))).length).toBeGreaterThan(0);
    expect(sim.faults.list()).toHaveLength(0);
  });

  it("rejects a malformed answer with a clear error", async () => {
    sim.faults.set({ kind: "malformed", count: 5, path: "/defectdojo/api/v2/findings" });
    const error = await client().listFindings(1).catch((e: unknown) => e);
    expect(error instanceof UpstreamError && error.kind).toBe("invalid_response");
    expect(String(error)).toContain("DefectDojo sent a body that is not valid JSON for /defectdojo/api/v2/findings/");
  });
});
