import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { FilterSelect } from "./FilterSelect";

const render = (props: Partial<Parameters<typeof FilterSelect>[0]> = {}) =>
  renderToStaticMarkup(
    createElement(FilterSelect, {
      label: "Scanner",
      testId: "filter-scanner",
      value: "trivy-fs",
      options: [
        { value: "semgrep", label: "Semgrep" },
        { value: "trivy-fs", label: "Trivy (files)" },
      ],
      onChange: () => {},
      ...props,
    }),
  );

describe("FilterSelect", () => {
  it("labels the select, lists the no-filter choice first and marks the current value", () => {
    const html = render({ emptyLabel: "All scanners" });
    expect(html).toMatch(/^<label[^>]*>Scanner<select data-testid="filter-scanner"/);
    expect(html).toContain('<option value="">All scanners</option><option value="semgrep">Semgrep</option><option value="trivy-fs" selected="">Trivy (files)</option>');
  });

  it("has no empty choice without an empty label, and adds extra classes to the select", () => {
    const html = render({ className: "max-w-64", value: 30, options: [{ value: 30, label: "Last 30 days" }] });
    expect(html).not.toContain('value=""');
    expect(html).toMatch(/<select[^>]*class="[^"]* max-w-64"/);
    expect(html).toContain('<option value="30" selected="">Last 30 days</option>');
  });
});
