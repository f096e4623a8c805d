import type { UseQueryResult } from "@tanstack/react-query";
import { createElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { NotFoundError } from "./fetchPageData";
import { PageState } from "./PageState";

// PageState reads only these three fields of the query result.
function result(data: string | undefined, error: Error | null): UseQueryResult<string, Error> {
  return { data, error, isError: error !== null } as UseQueryResult<string, Error>;
}

function render(query: UseQueryResult<string, Error>, notFound?: ReactNode): string {
  return renderToStaticMarkup(
    // children is a render function, which createElement's typed children (nodes) cannot take.
    // eslint-disable-next-line react/no-children-prop
    createElement(PageState<string>, {
      query,
      subject: "overview",
      refreshIntervalMs: 10_000,
      skeleton: createElement("p", null, "skeleton"),
      notFound,
      children: (data: string) => createElement("p", null, `data: ${data}`),
    }),
  );
}

describe("PageState", () => {
  it("shows the skeleton until the first answer", () => {
    expect(render(result(undefined, null))).toBe("<p>skeleton</p>");
  });

  it("names what failed and how often it is tried again when the first load failed", () => {
    expect(render(result(undefined, new Error("HTTP 500")))).toBe(
      '<div role="alert" class="rounded-md border border-bad-line bg-bad-soft p-4 text-sm text-bad">The overview could not be loaded: HTTP 500 Retrying every 10 s.</div>',
    );
  });

  it("keeps the last data when a refresh failed", () => {
    expect(render(result("old", new Error("HTTP 500")))).toBe("<p>data: old</p>");
  });

  it("shows the not-found view on a 404, over any earlier data, when the board has one", () => {
    const gone = result("old", new NotFoundError("no such pipeline"));
    expect(render(gone, createElement("p", null, "not found"))).toBe("<p>not found</p>");
    expect(render(gone)).toBe("<p>data: old</p>");
  });
});
