import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { UpstreamError } from "../transport";
import { startSimulator, type Simulator } from "@/simulator";
import { createSonarClient } from "./client";
import { sonarDashboardUrl, sonarProjectKey } from "./links";

/* The real client against the simulated SonarQube over HTTP; expectations come from the simulated GitLab. */

let sim: Simulator;
const ANALYSES_ROUTE = "GET /sonarqube/api/project_analyses/search";

beforeAll(async () => {
  sim = await startSimulator({ seed: 11, now: Date.parse("2026-11-20T12:00:00Z"), frozen: true, historyDays: 14, liveIntervalSeconds: 0 });
});
afterAll(() => sim.close());
beforeEach(() => sim.faults.clear());

const client = (token = sim.sonarqube.token) =>
  createSonarClient({ url: sim.sonarqube.url, token, timeoutMs: 5_000, retry: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 3 } });

/** cwiq/server's main pipelines, newest first, with the GitLab jobs the analysis depends on. */
function serverMainPipelines() {
  const project = sim.truth().projects.find((p) => p.project.path_with_namespace === "cwiq/server");
  if (!project) throw new Error("cwiq/server is missing from the simulation");
  return project.pipelines
    .filter((p) => p.pipeline.ref === "main")
    .map((p) => ({
      pipeline: p.pipeline,
      scan: p.jobs.find((j) => j.name === "sonarqube-scan" && j.status === "success"),
      test: p.jobs.find((j) => j.name === "test" && j.status === "success"),
    }));
}

describe("SonarQube client", () => {
  it("derives the project key from the GitLab path and links the dashboard", () => {
    expect(sonarProjectKey("cwiq/server")).toBe("cwiq_server");
    expect(sonarDashboardUrl("https://sonar.example.com/", "cwiq_server", "main")).toBe("https://sonar.example.com/dashboard?id=cwiq_server&branch=main");
  });

  it("lists every analysis of the branch newest first across pages, one per scanned main pipeline, at the scan job's finish", async () => {
    const scanned = serverMainPipelines().filter((p) => p.scan);
    // More analyses than one page holds: paging back is exercised too.
    expect(scanned.length).toBeGreaterThan(100);
    sim.stats.reset();
    const analyses = await client().listAnalyses("cwiq_server", "main");
    expect(sim.stats.byRoute[ANALYSES_ROUTE]).toBe(Math.ceil(scanned.length / 100));
    expect(analyses.map((a) => a.revision).sort()).toEqual(scanned.map((p) => p.pipeline.sha).sort());
    const dates = analyses.map((a) => a.date.getTime());
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    const oldest = scanned[scanned.length - 1];
    if (!oldest?.scan?.finished_at) throw new Error("no finished scan");
    const analysis = analyses.find((a) => a.revision === oldest.pipeline.sha);
    expect(Math.floor((analysis?.date.getTime() ?? 0) / 1000)).toBe(Math.floor(Date.parse(oldest.scan.finished_at) / 1000));
    const unscanned = serverMainPipelines().find((p) => !p.scan);
    if (unscanned) expect(analyses.some((a) => a.revision === unscanned.pipeline.sha)).toBe(false);
  });

  it("stops after the page that reaches back past notBefore", async () => {
    const all = await client().listAnalyses("cwiq_server", "main");
    expect(all.length).toBeGreaterThan(100);
    // notBefore inside the first page: that page only, its older analyses included.
    const inFirst = all[50]?.date;
    sim.stats.reset();
    const recent = await client().listAnalyses("cwiq_server", "main", inFirst);
    expect(sim.stats.byRoute[ANALYSES_ROUTE]).toBe(1);
    expect(recent).toEqual(all.slice(0, 100));
    // notBefore at the first analysis of the second page: the first page does not pass it, the second does.
    const inSecond = all[100]?.date;
    sim.stats.reset();
    expect(await client().listAnalyses("cwiq_server", "main", inSecond)).toEqual(all.slice(0, 200));
    expect(sim.stats.byRoute[ANALYSES_ROUTE]).toBe(2);
  });

  it("reads the quality gate of an analysis, failing exactly when a condition fails", async () => {
    const statuses = new Set<string>();
    const analyses = await client().listAnalyses("cwiq_server", "main");
    for (const { pipeline } of serverMainPipelines().filter((p) => p.scan).slice(0, 12)) {
      const analysis = analyses.find((a) => a.revision === pipeline.sha);
      if (!analysis) throw new Error(`no analysis for ${pipeline.sha}`);
      const gate = await client().qualityGate(analysis.key);
      statuses.add(gate.status);
      const coverage = gate.conditions.find((c) => c.metricKey === "new_coverage");
      expect(coverage?.errorThreshold).toBe("80");
      expect(coverage?.status).toBe(Number(coverage?.actualValue) < 80 ? "ERROR" : "OK");
      expect(gate.status).toBe(gate.conditions.some((c) => c.status === "ERROR") ? "ERROR" : "OK");
    }
    expect(statuses.has("OK")).toBe(true);
  });

  it("reads the branch's measures as numbers, coverage close to the latest scanned pipeline's test job", async () => {
    const latest = serverMainPipelines().find((p) => p.scan);
    const measures = await client().measures("cwiq_server", "main");
    expect(latest?.test?.coverage).toBeTypeOf("number");
    expect(Math.abs((measures.coverage ?? 0) - (latest?.test?.coverage ?? 0))).toBeLessThanOrEqual(0.5);
    for (const value of Object.values(measures)) expect(value).toBeTypeOf("number");
    expect(measures.ncloc).toBeGreaterThan(1_000);
  });

  it("lists open issues across pages with counts by severity, agreeing with the bugs and vulnerabilities measures", async () => {
    const [issues, measures] = await Promise.all([client().openIssues("cwiq_server", "main"), client().measures("cwiq_server", "main")]);
    expect(issues.total).toBe(issues.issues.length);
    expect(issues.truncated).toBe(false);
    expect(Object.values(issues.counts).reduce((a, b) => a + b, 0)).toBe(issues.total);
    expect(issues.issues.filter((i) => i.type === "BUG")).toHaveLength(measures.bugs ?? -1);
    expect(issues.issues.filter((i) => i.type === "VULNERABILITY")).toHaveLength(measures.vulnerabilities ?? -1);
    const semgrep = issues.issues.filter((i) => i.rule.startsWith("external_semgrep:"));
    for (const issue of semgrep) {
      expect(issue.file).not.toBeNull();
      expect(issue.link).toBe(`${sim.sonarqube.url}/project/issues?id=cwiq_server&open=${issue.key}&branch=main`);
    }
  });

  it("counts the imported Semgrep findings the world says were in the analysed commit", async () => {
    const latest = serverMainPipelines().find((p) => p.scan);
    const commitAt = Date.parse(latest?.pipeline ? (await commitTime(latest.pipeline.id)) : "");
    const expected = sim.findings.presentAt(101, "semgrep", commitAt);
    expect(expected.length).toBeGreaterThan(0);
    const issues = await client().openIssues("cwiq_server", "main");
    const semgrep = issues.issues.filter((i) => i.rule.startsWith("external_semgrep:"));
    expect(semgrep.map((i) => i.rule.slice("external_semgrep:".length)).sort()).toEqual(expected.map((f) => f.ruleId).sort());
  });

  it("says SonarQube rejected the token, without the token", async () => {
    const error = await client("squ_wrong_token").measures("cwiq_server", "main").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error instanceof UpstreamError && error.kind).toBe("auth");
    expect(String(error)).toContain("SonarQube rejected the token");
    expect(String(error)).not.toContain("squ_wrong_token");
  });

  it("accepts the token as Bearer too, as SonarQube 10 does", async () => {
    const response = await fetch(`${sim.sonarqube.url}/api/measures/component?component=cwiq_server&metricKeys=ncloc`, {
      headers: { Authorization: `Bearer ${sim.sonarqube.token}` },
    });
    expect(response.status).toBe(200);
  });

  it("retries a 5xx and then succeeds", async () => {
    sim.faults.set({ kind: "5xx", count: 2, path: "/sonarqube/api/measures" });
    const measures = await client().measures("cwiq_server", "main");
    expect(measures.coverage).toBeTypeOf("number");
    expect(sim.faults.list()).toHaveLength(0);
  });

  it("rejects a malformed answer with a clear error", async () => {
    sim.faults.set({ kind: "malformed", count: 5, path: "/sonarqube/api/qualitygates" });
    const error = await client().qualityGate("AZanything").catch((e: unknown) => e);
    expect(error instanceof UpstreamError && error.kind).toBe("invalid_response");
    expect(String(error)).toContain("SonarQube sent a body that is not valid JSON for /sonarqube/api/qualitygates/project_status");
  });
});

/** The commit's creation time as GitLab's job API shows it. */
async function commitTime(pipelineId: number): Promise<string> {
  const project = sim.truth().projects.find((p) => p.project.id === 101);
  const job = project?.pipelines.find((p) => p.pipeline.id === pipelineId)?.jobs[0];
  return job?.commit.created_at ?? "";
}
