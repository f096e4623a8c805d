import { z } from "zod";
import { describe, expect, it } from "vitest";
import { pageParam, parseQuery } from "./params";

const schema = z.object({ page: pageParam, name: z.string().optional() });
const toParams = (q: z.output<typeof schema>) => ({ page: q.page ?? 1, name: q.name ?? "all" });

describe("parseQuery", () => {
  it("makes the params from the valid values, reading the first of repeated keys and ignoring unknown ones", () => {
    const source = new URLSearchParams("page=3&page=9&name=x&other=1");
    expect(parseQuery(schema, source, ["page", "name"], toParams)).toEqual({ ok: true, params: { page: 3, name: "x" } });
    expect(parseQuery(schema, { name: ["y", "z"] }, ["page", "name"], toParams)).toEqual({ ok: true, params: { page: 1, name: "y" } });
  });

  it("refuses an invalid query with the key and the problem, without making params", () => {
    let made = false;
    const result = parseQuery(schema, { page: "0" }, ["page", "name"], (q) => {
      made = true;
      return toParams(q);
    });
    expect(result).toEqual({ ok: false, message: "page: page must be 1 or more" });
    expect(made).toBe(false);
  });
});
