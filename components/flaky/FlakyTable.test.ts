import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { FlakyTable } from "./FlakyTable";

describe("FlakyTable", () => {
  it("lists flaky jobs linking to their pipelines, highest rate first", () => {
    const html = renderToStaticMarkup(
      createElement(FlakyTable, {
        days: 30,
        jobs: [
          { service: "server", jobName: "test", stage: "test", pipelines: 4, flakyPipelines: 1, flakeRate: 0.25, latestFlakyPipelineId: 103, latestFlakyAt: "2026-11-27T12:00:00.000Z" },
          { service: "ui", jobName: "e2e", stage: "test", pipelines: 2, flakyPipelines: 1, flakeRate: 0.5, latestFlakyPipelineId: 201, latestFlakyAt: "2026-11-26T12:00:00.000Z" },
        ],
      }),
    );
    expect(html).toContain('data-testid="flaky-table"');
    expect(html).toContain('href="/pipelines/103"');
    expect(html).toContain("50.0%");
    expect(html.indexOf("flaky-row-ui-e2e")).toBeLessThan(html.indexOf("flaky-row-server-test"));
    expect(html).toContain('data-testid="sort-flaky-flakeRate"');
    expect(html).toMatch(/aria-sort="descending"[^>]*><button[^>]*data-testid="sort-flaky-flakeRate"/);
  });

  it("says there are none in the window instead of an empty table", () => {
    const html = renderToStaticMarkup(createElement(FlakyTable, { days: 7, jobs: [] }));
    expect(html).toContain('data-testid="flaky-table-empty"');
    expect(html).toContain("No flaky jobs in the last 7 days.");
    expect(html).not.toContain("<table");
  });
});
