import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { OverviewData, PipelineSummary, ServiceOverview } from "@/lib/pages/overview/types";
import { STAGES } from "@/lib/domain/cwiq";
import { OverviewBoard } from "./OverviewBoard";
import { groupServices, isFailing } from "./service-filter";

function pipeline(overrides: Partial<PipelineSummary> = {}): PipelineSummary {
  return {
    id: 101,
    iid: 7,
    ref: "main",
    refKind: "main",
    sha: "0123456789abcdef0123456789abcdef01234567",
    shortSha: "01234567",
    commitTitle: "Fix token refresh",
    status: "failed",
    source: "push",
    createdAt: "2026-11-27T11:57:00.000Z",
    startedAt: "2026-11-27T11:57:10.000Z",
    finishedAt: "2026-11-27T12:01:22.000Z",
    durationSeconds: 252,
    queuedDurationSeconds: 10,
    webUrl: "https://gitlab.example/cwiq/server/-/pipelines/101",
    mergeRequest: null,
    stages: [
      ...STAGES.map((stage) => ({
        stage,
        status: stage === "build" ? ("failed" as const) : stage === "validate" ? ("success" as const) : null,
        standard: true,
      })),
      { stage: "e2e", status: "running" as const, standard: false },
    ],
    ...overrides,
  };
}

function data(services: ServiceOverview[], sync: Partial<OverviewData["sync"]> = {}): OverviewData {
  return {
    generatedAt: "2026-11-27T12:05:00.000Z",
    services,
    otherRefsListed: true,
    sync: {
      lastSuccessAt: "2026-11-27T12:04:40.000Z",
      errors: [],
      backfill: { done: true, pending: [], pipelines: 0, total: null },
      testReportsWaiting: 0,
      ...sync,
    },
  };
}

function render(initial: OverviewData | null): string {
  const client = new QueryClient();
  return renderToStaticMarkup(
    createElement(QueryClientProvider, { client }, createElement(OverviewBoard, { initialData: initial, refreshIntervalMs: 10_000 })),
  );
}

const server: ServiceOverview = {
  name: "server",
  webUrl: null,
  latestMain: pipeline(),
  otherRefs: [pipeline({ id: 102, iid: 8, ref: "v1.2.0", refKind: "tag", status: "success" })],
  coverage: { latest: 81.3, previous: 80.9, pipelineId: 101 },
  sync: null,
};

describe("OverviewBoard (server render)", () => {
  it("renders a service row with nine stage cells plus the extra stage, each labelled", () => {
    const html = render(data([server]));
    expect(html).toContain('data-testid="service-row-server"');
    expect(html).toMatch(/data-testid="stage-cell-server-build" data-status="failed"/);
    expect(html).toContain('aria-label="build: failed"');
    expect(html).toMatch(/data-testid="stage-cell-server-release" data-status="none"/);
    expect(html).toContain('aria-label="release: not run"');
    expect(html).toMatch(/data-testid="stage-cell-server-e2e" data-status="running"/);
    expect(html.match(/data-testid="stage-cell-server-/g)).toHaveLength(10);
    // Pipeline link to GitLab in a new tab, commit and duration.
    expect(html).toContain('href="https://gitlab.example/cwiq/server/-/pipelines/101" target="_blank" rel="noopener noreferrer"');
    expect(html).toContain(">01234567</code>");
    expect(html).toContain("Fix token refresh");
    expect(html).toContain(">4m 12s</td>");
    expect(html).toContain('data-testid="other-refs-server"');
    expect(html).toContain(">tag</span>");
  });

  it("shows the latest main coverage with its trend next to the duration, and a dash without one", () => {
    const text = (html: string, service: string) =>
      html.match(new RegExp(`<td[^>]*data-testid="coverage-${service}"[^>]*>(.*?)</td>`))?.[1]?.replace(/<[^>]+>/g, "");
    const up = render(data([server]));
    expect(up).toMatch(/<td[^>]*data-testid="coverage-server" title="test job coverage on main \(pipeline 101\); previously 80.9%"/);
    expect(text(up, "server")).toBe("81.3%↑0.4");
    expect(up).toContain('href="/pipelines/101"');
    // The coverage cell sits just before the duration.
    expect(up).toMatch(/data-testid="coverage-server"[^>]*>.*?<\/td><td[^>]*>4m 12s<\/td>/);

    const down = render(data([{ ...server, coverage: { latest: 79.95, previous: 81.3, pipelineId: 101 } }]));
    expect(text(down, "server")).toBe("80.0%↓1.3");
    expect(down).toContain('data-trend="down"');

    const first = render(data([{ ...server, coverage: { latest: 81.3, previous: null, pipelineId: 101 } }]));
    expect(text(first, "server")).toBe("81.3%");
    const same = render(data([{ ...server, coverage: { latest: 81.3, previous: 81.32, pipelineId: 101 } }]));
    expect(text(same, "server")).toBe("81.3%");

    const none = render(data([{ ...server, coverage: null }]));
    expect(text(none, "server")).toBe("—");
  });

  it("never renders times on the server (the browser's clock and zone decide them)", () => {
    const html = render(data([server]));
    expect(html).toContain('<time dateTime="2026-11-27T11:57:00.000Z"><span class="invisible">');
    expect(html).not.toMatch(/min ago<\/time>/);
  });

  it("says exactly that GitLab rejected the token for a service failing on auth", () => {
    const html = render(
      data([server], {
        errors: [
          {
            service: "iam-api",
            kind: "auth",
            message: "GitLab rejected the token. 401 Unauthorized",
            at: "2026-11-27T12:04:00.000Z",
            consecutiveErrors: 3,
            lastSuccessAt: "2026-11-27T10:00:00.000Z",
          },
        ],
      }),
    );
    expect(html).toContain('data-testid="sync-error-iam-api"');
    expect(html).toContain("<strong class=\"font-semibold\">iam-api</strong>: GitLab rejected the token — showing data from");
    // The label is not repeated in the detail line.
    expect(html).toContain(">401 Unauthorized</p>");
  });

  it("shows backfill progress while the backfill runs", () => {
    const html = render(data([server], { backfill: { done: false, pending: ["ui"], pipelines: 1234, total: 2400 } }));
    expect(html.replace(/<[^>]+>/g, "")).toContain("Backfilling: 1,234 of 2,400 pipelines");
  });

  it("shows the empty state before any service is synced, and a skeleton without data", () => {
    expect(render(data([], { lastSuccessAt: null }))).toContain("Waiting for the first sync…");
    expect(render(null)).toContain('aria-busy="true"');
  });

  it("shows a service without pipelines as waiting, not as an error", () => {
    const html = render(data([{ name: "executor", webUrl: null, latestMain: null, otherRefs: [], coverage: null, sync: null }]));
    expect(html).toContain('data-testid="service-row-executor"');
    expect(html).toContain("Waiting for the first sync…");
    expect(html).not.toContain("stage-cell-executor");
  });
});

describe("the overview's filters", () => {
  const green = (name: string): ServiceOverview => ({
    ...server,
    name,
    latestMain: pipeline({ status: "success", stages: STAGES.map((stage) => ({ stage, status: "success" as const, standard: true })) }),
  });
  const services = [server, green("iam-api"), green("ui"), { ...green("executor"), sync: { ...syncOk(), error: { kind: "network" as const, message: "down", at: null, consecutiveErrors: 2 } } }];

  function syncOk(): NonNullable<ServiceOverview["sync"]> {
    return { lastAttemptAt: null, lastSuccessAt: null, error: null, backfill: { done: true, pipelines: 0, total: null } };
  }

  it("finds services by part of the name, any case", () => {
    expect(groupServices(services, { query: " I ", failingOnly: false }, new Set()).others.map((s) => s.name)).toEqual(["iam-api", "ui"]);
  });

  it("keeps failing ones: a red main pipeline, a failed stage or a failing sync", () => {
    expect(isFailing(server)).toBe(true);
    expect(groupServices(services, { query: "", failingOnly: true }, new Set()).others.map((s) => s.name)).toEqual(["server", "executor"]);
  });

  it("puts favourites first, each group in the server's order, and counts what is shown", () => {
    const groups = groupServices(services, { query: "", failingOnly: false }, new Set(["ui", "server", "gone"]));
    expect(groups.favourites.map((s) => s.name)).toEqual(["server", "ui"]);
    expect(groups.others.map((s) => s.name)).toEqual(["iam-api", "executor"]);
    expect(groups.shown).toBe(4);
  });

  it("renders the search, the failing toggle and a star per service", () => {
    const html = render(data(services));
    expect(html).toContain('data-testid="service-search"');
    expect(html).toContain('data-testid="failing-only"');
    expect(html).toContain(">4 services</p>");
    expect(html).toMatch(/<button[^>]*aria-pressed="false"[^>]*aria-label="Favourite iam-api"/);
  });
});
