import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { RowRange, TableBody } from "./PagedTable";

const range = (total: number, page: number, perPage: number) => renderToStaticMarkup(createElement(RowRange, { data: { total, page, perPage }, testId: "count" }));

describe("RowRange", () => {
  it("names the rows of the page, the last page ending at the total", () => {
    expect(range(112, 2, 25)).toContain(">26–50 of 112<");
    expect(range(112, 5, 25)).toContain(">101–112 of 112<");
    expect(range(112, 5, 25)).toContain('data-testid="count"');
  });

  it("says none when nothing matches", () => {
    expect(range(0, 1, 25)).toContain(">none<");
  });
});

describe("TableBody", () => {
  const body = (rows: string[]) =>
    renderToStaticMarkup(
      // children as a prop: TableBody requires them, which createElement's rest argument does not satisfy in TypeScript.
      // eslint-disable-next-line react/no-children-prop
      createElement("table", null, createElement(TableBody, { colSpan: 3, emptyText: "Nothing here.", children: rows.map((r) => createElement("tr", { key: r }, createElement("td", null, r))) })),
    );

  it("shows the rows it is given", () => {
    expect(body(["a", "b"])).toBe("<table><tbody><tr><td>a</td></tr><tr><td>b</td></tr></tbody></table>");
  });

  it("shows one row across the columns with the empty text when there are no rows", () => {
    expect(body([])).toMatch(/<tbody><tr><td colSpan="3" class="[^"]*">Nothing here\.<\/td><\/tr><\/tbody>/);
  });
});
