import { describe, expect, it } from "vitest";
import { DEFAULT_PROJECTS } from "./catalog";
import { SimulationModel } from "./model";
import { isLatestAt, jobStatusAt } from "./state";
import { testReport, testReportSummary } from "./test-reports";

const ANCHOR = Date.parse("2025-03-10T12:00:00.000Z");
const model = new SimulationModel({
  seed: 42,
  anchor: ANCHOR,
  historyDays: 10,
  pipelinesPerDay: 20,
  pipelinesPerProject: null,
  liveIntervalSeconds: 60,
  projects: DEFAULT_PROJECTS,
});
const settled = model.projects.flatMap((project) => project.pipelines.filter((p) => p.settledAt <= ANCHOR).map((p) => ({ project, p })));
const failedJob = (p: (typeof settled)[number]["p"], name: (n: string) => boolean) =>
  p.jobs.some((j) => name(j.name) && isLatestAt(j, ANCHOR) && jobStatusAt(j, ANCHOR) === "failed");

describe("the simulated pipeline test reports", () => {
  it("fail tests exactly in the suites whose jobs failed", () => {
    let failing = 0;
    for (const { project, p } of settled) {
      const report = testReport(project, p, ANCHOR);
      for (const suite of report.test_suites) {
        const failed = suite.test_cases.filter((c) => c.status === "failed" || c.status === "error").length;
        const jobFailed = failedJob(p, (n) => n === suite.name || n.startsWith(`${suite.name} `));
        expect(failed > 0, `${project.name} #${p.iid} ${suite.name}`).toBe(jobFailed);
        failing += failed;
      }
    }
    expect(failing).toBeGreaterThan(20);
  });

  it("keep test names stable across pipelines and unique within a suite, with failure text on failures only", () => {
    const server = settled.filter(({ project, p }) => project.name === "server" && testReport(project, p, ANCHOR).test_suites.some((s) => s.name === "test"));
    const names = (i: number) => {
      const entry = server[i];
      if (!entry) throw new Error("no pipeline");
      return testReport(entry.project, entry.p, ANCHOR).test_suites.find((s) => s.name === "test")?.test_cases ?? [];
    };
    const first = names(0);
    const later = names(server.length - 1);
    expect(new Set(first.map((c) => `${c.classname} ${c.name}`)).size).toBe(first.length);
    expect(first.length).toBeGreaterThan(1_000);
    // Tests are added over time, never renamed: the earlier pipeline's names come first in the later one.
    expect(later.slice(0, first.length).map((c) => c.name)).toEqual(first.map((c) => c.name));
    for (const c of [...first, ...later]) expect(c.stack_trace !== null).toBe(c.status === "failed" || c.status === "error");
  });

  it("sum to the summary GitLab serves for the same pipeline", () => {
    for (const { project, p } of settled.slice(0, 40)) {
      const report = testReport(project, p, ANCHOR);
      const summary = testReportSummary(project, p, ANCHOR);
      expect(summary.total.count).toBe(report.total_count);
      expect(summary.total.failed).toBe(report.failed_count);
      expect(report.test_suites.reduce((n, s) => n + s.test_cases.length, 0)).toBe(report.total_count);
    }
  });
});
