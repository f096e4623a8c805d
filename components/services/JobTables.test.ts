import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { FlakyJobsTable, SlowestJobsTable } from "./JobTables";

describe("job tables", () => {
  it("put the job name first, then the table's own columns, figures right-aligned", () => {
    const html = renderToStaticMarkup(createElement(SlowestJobsTable, { jobs: [{ name: "build", stage: "build", runs: 12, p50: 90, p95: null }] }));
    const headers = [...html.matchAll(/<th scope="col"[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]);
    expect(headers).toEqual(["Job", "p50", "p95", "Runs"]);
    expect(html).toContain('data-testid="slowest-job-build"');
    expect(html).toMatch(/<td class="[^"]*font-mono text-xs">build<\/td>/);
    expect(html).toMatch(/<td class="[^"]*text-right tabular-nums text-muted">12<\/td>/);
  });

  it("say so when the period has no jobs, without a table", () => {
    const html = renderToStaticMarkup(createElement(FlakyJobsTable, { jobs: [] }));
    expect(html).toContain("Nothing in this period.");
    expect(html).not.toContain("<table");
  });
});
