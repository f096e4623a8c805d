import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { PipelineJob, PipelinePageData } from "@/lib/pages/pipelines/types";
import { PipelineView } from "./PipelineView";

function job(overrides: Partial<PipelineJob> & { name: string; stage: string }): PipelineJob {
  return {
    id: 1,
    status: "success",
    allowFailure: false,
    manual: false,
    failureReason: null,
    createdAt: "2026-11-27T12:00:00.000Z",
    startedAt: "2026-11-27T12:00:05.000Z",
    finishedAt: "2026-11-27T12:04:17.000Z",
    durationSeconds: 252,
    queuedDurationSeconds: 5,
    webUrl: "https://gitlab.example/cwiq/server/-/jobs/1",
    waits: { runnerSeconds: 5, manualSeconds: null, upstreamSeconds: 0 },
    retryCount: 0,
    retries: [],
    flaky: false,
    trigger: false,
    downstream: null,
    ...overrides,
  };
}

const data: PipelinePageData = {
  generatedAt: "2026-11-27T12:10:00.000Z",
  pipeline: {
    id: 5001,
    iid: 77,
    service: "iam-api",
    ref: "main",
    refKind: "main",
    sha: "0123456789abcdef0123456789abcdef01234567",
    shortSha: "01234567",
    commitTitle: "Fix token refresh",
    commitAuthor: "Ada Lovelace",
    source: "push",
    status: "failed",
    createdAt: "2026-11-27T12:00:00.000Z",
    startedAt: "2026-11-27T12:00:05.000Z",
    finishedAt: "2026-11-27T12:09:00.000Z",
    durationSeconds: 535,
    queuedDurationSeconds: 4,
    timingsFromJobs: false,
    webUrl: "https://gitlab.example/cwiq/iam-api/-/pipelines/5001",
    mergeRequest: null,
    tests: { total: 120, failed: 2, skipped: 5, errored: 0 },
    parent: null,
  },
  stages: [
    {
      stage: "test",
      status: "failed",
      standard: true,
      jobs: [
        job({ name: "integration-test", stage: "test", status: "failed", allowFailure: true, failureReason: "script_failure", id: 2, webUrl: "https://gitlab.example/cwiq/iam-api/-/jobs/2" }),
        job({
          name: "test",
          stage: "test",
          retryCount: 2,
          flaky: true,
          retries: [job({ name: "test", stage: "test", status: "failed", id: 3 }), job({ name: "test", stage: "test", status: "failed", id: 4 })],
        }),
      ],
    },
    { stage: "e2e", status: null, standard: false, jobs: [job({ name: "playwright", stage: "e2e", status: "manual", manual: true })] },
  ],
  flakyJobs: 1,
  security: {
    imageTag: "main-01234567",
    artifacts: [
      {
        tool: "trivy-image",
        artifact: "trivy-image-results.json",
        status: "ok",
        message: null,
        counts: { CRITICAL: 1, HIGH: 2, MEDIUM: 0, LOW: 0, INFO: 0 },
        total: 3,
        newCount: 1,
        fixedCount: 2,
        lineRate: null,
        jobId: 9,
        jobWebUrl: "https://gitlab.example/cwiq/iam-api/-/jobs/9",
      },
      {
        tool: "semgrep",
        artifact: "semgrep-results.sarif",
        status: "unavailable",
        message: "GitLab has no such artifact for this job",
        counts: { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, INFO: 0 },
        total: 0,
        newCount: null,
        fixedCount: null,
        lineRate: null,
        jobId: 10,
        jobWebUrl: "https://gitlab.example/cwiq/iam-api/-/jobs/10",
      },
    ],
    sonar: {
      status: "found",
      message: null,
      qualityGate: "ERROR",
      failedConditions: ["new_coverage 71.2 (LT 80)"],
      dashboardUrl: "https://sonar.example/dashboard?id=cwiq_iam-api&branch=main",
      measures: { coverage: 80, bugs: 1, vulnerabilities: 0, codeSmells: 12, securityHotspots: 1, duplicatedLinesDensity: 2.5, ncloc: 9000 },
      issues: null,
    },
    dojo: { status: "not_found", message: "DefectDojo has no test for pipeline 5001 (build id, commit or branch)", testId: null, matchedBy: null, url: null, counts: null },
  },
  tests: { reportError: null, failedTotal: 0, suites: [] },
};

function render(initialData: PipelinePageData | null) {
  const client = new QueryClient();
  return renderToStaticMarkup(
    createElement(QueryClientProvider, { client }, createElement(PipelineView, { id: 5001, initialData, refreshIntervalMs: 10_000 })),
  );
}

describe("PipelineView", () => {
  it("draws stage columns with job cards, badges and links", () => {
    const html = render(data);
    expect(html).toContain('data-testid="pipeline-page"');
    expect(html).toContain('data-testid="stage-column-test"');
    expect(html).toContain('data-testid="stage-column-e2e"');
    expect(html.indexOf("stage-column-test")).toBeLessThan(html.indexOf("stage-column-e2e"));
    expect(html).toMatch(/data-testid="job-card-integration-test" data-status="failed"/);
    expect(html).toMatch(/120 total ·.*2<!-- --> failed|120 total · <span[^>]*>2 failed/);
    expect(html).toContain("allowed to fail");
    expect(html).toContain("script failure");
    expect(html).toContain("retried 2×");
    expect(html).toContain('data-testid="flake-badge"');
    expect(html).toContain("manual");
    expect(html).toContain('href="https://gitlab.example/cwiq/iam-api/-/jobs/2"');
    expect(html.match(/data-testid="job-log-link"/g)).toHaveLength(3);
    expect(html).toContain('href="/services/iam-api"');
    expect(html).toContain('href="https://gitlab.example/cwiq/iam-api/-/pipelines/5001"');
    expect(html).toContain("4m 12s");
    expect(html).toContain("Ada Lovelace");
  });

  it("names a merge-request pipeline by its merge request, linked, with its title and source branch", () => {
    const html = render({
      ...data,
      pipeline: {
        ...data.pipeline,
        ref: "refs/merge-requests/133/merge",
        refKind: "mr",
        mergeRequest: { iid: 133, title: "Manual job rules", url: "https://gitlab.example/cwiq/iam-api/-/merge_requests/133", sourceBranch: "manual-job-rules" },
      },
    });
    expect(html).toContain('href="https://gitlab.example/cwiq/iam-api/-/merge_requests/133"');
    expect(html).toContain("MR !133");
    expect(html).toContain("Manual job rules");
    expect(html).toContain("manual-job-rules");
  });

  it("splits a played manual job's wait from runner queue time", () => {
    const manual = job({ name: "deploy-dev", stage: "deploy", manual: true, waits: { runnerSeconds: 3, manualSeconds: 7_200, upstreamSeconds: null } });
    const html = render({ ...data, stages: [{ stage: "deploy", status: "success", standard: true, jobs: [manual] }] });
    expect(html).toMatch(/Runner wait<\/dt><dd[^>]*>3s/);
    expect(html).toMatch(/Manual wait<\/dt><dd[^>]*>2h/);
  });

  it("marks timings derived from the jobs until GitLab's own are read", () => {
    expect(render(data)).not.toContain("(from jobs)");
    expect(render({ ...data, pipeline: { ...data.pipeline, timingsFromJobs: true } })).toContain("(from jobs)");
  });

  it("shows each scan's counts, new and fixed, unavailable artifacts, the quality gate and the upstream links", () => {
    const html = render(data);
    expect(html).toContain("critical 1");
    expect(html).toContain("+1 new");
    expect(html).toContain("−2 fixed");
    expect(html).toContain("unavailable — GitLab has no such file (not the same as clean)");
    expect(html).toContain("Quality gate failed");
    expect(html).toContain('href="https://sonar.example/dashboard?id=cwiq_iam-api&amp;branch=main"');
    expect(html).toContain("DefectDojo has no test for pipeline 5001");
    expect(html).toContain("main-01234567");
  });

  it("shows a trigger job in its stage with its child pipeline's jobs under it and a link to the child", () => {
    const child = {
      id: 5002,
      stored: true,
      child: true,
      iid: 78,
      status: "failed",
      webUrl: "https://gitlab.example/cwiq/iam-api/-/pipelines/5002",
      stages: [
        { stage: "build", status: "success" as const, standard: true, jobs: [job({ name: "e2e-bundle", stage: "build", id: 11 })] },
        {
          stage: "test",
          status: "failed" as const,
          standard: true,
          jobs: [job({ name: "playwright 1/3", stage: "test", status: "failed", id: 12, webUrl: "https://gitlab.example/cwiq/iam-api/-/jobs/12" })],
        },
      ],
    };
    const e2e = job({ name: "e2e", stage: "test", status: "failed", id: 10, trigger: true, downstream: child, webUrl: "https://gitlab.example/cwiq/iam-api/-/jobs/10" });
    const [test, ...rest] = data.stages;
    const html = render({ ...data, stages: [{ ...test!, jobs: [...test!.jobs, e2e] }, ...rest] });
    expect(html).toMatch(/data-testid="job-card-e2e" data-status="failed" data-trigger="true"/);
    expect(html).toMatch(/data-testid="downstream-pipeline" data-pipeline-id="5002" data-status="failed"/);
    expect(html).toMatch(/Child pipeline<\/span><a data-testid="downstream-link"[^>]*href="\/pipelines\/5002">#78<\/a>/);
    expect(html).toMatch(/data-testid="downstream-job-playwright 1\/3" data-status="failed"/);
    expect(html).toContain('href="https://gitlab.example/cwiq/iam-api/-/jobs/12"');
    expect(html.indexOf("downstream-stage-build")).toBeLessThan(html.indexOf("downstream-stage-test"));
    expect(html).toContain('data-testid="trigger-job-link"');
    // A pipeline Stageboard does not have links to GitLab.
    const elsewhere = { ...child, stored: false, child: false, iid: null, stages: [] };
    const other = render({ ...data, stages: [{ ...test!, jobs: [{ ...e2e, downstream: elsewhere }] }] });
    expect(other).toMatch(/Downstream pipeline.*href="https:\/\/gitlab.example\/cwiq\/iam-api\/-\/pipelines\/5002"[^>]*data-testid="downstream-link"/);
  });

  it("says which pipeline started a child pipeline", () => {
    const html = render({ ...data, pipeline: { ...data.pipeline, parent: { id: 5000, iid: 76, triggerJob: "e2e" } } });
    expect(html).toContain('data-testid="parent-pipeline"');
    expect(html).toMatch(/data-testid="parent-pipeline-link" href="\/pipelines\/5000">pipeline #76<\/a>/);
    expect(html).toContain("e2e</span> trigger job");
    expect(render(data)).not.toContain('data-testid="parent-pipeline"');
  });

  it("shows the loading state without data", () => {
    expect(render(null)).toContain('aria-label="Loading the pipeline"');
  });
});
