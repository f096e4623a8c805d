import { describe, expect, it } from "vitest";
import { parseServicePageQuery, parseServiceTestsQuery } from "./params";
import { toServicePageQuery } from "./url";

describe("service page query parameters", () => {
  it("applies defaults", () => {
    expect(parseServicePageQuery("server", new URLSearchParams(""))).toEqual({
      ok: true,
      params: { service: "server", period: 30, refKind: undefined, ref: undefined, status: undefined, page: 1, perPage: 25 },
    });
  });
  it("accepts valid values and round-trips them", () => {
    const parsed = parseServicePageQuery("ui", { period: "7", refKind: "branch", ref: "feat/x", status: "failed", page: "3", perPage: "50" });
    expect(parsed).toEqual({ ok: true, params: { service: "ui", period: 7, refKind: "branch", ref: "feat/x", status: "failed", page: 3, perPage: 50 } });
    if (parsed.ok) expect(toServicePageQuery(parsed.params)).toBe("period=7&refKind=branch&ref=feat%2Fx&status=failed&page=3&perPage=50");
  });
  it("rejects bad values with a message", () => {
    for (const [key, value, text] of [
      ["period", "14", "period"],
      ["refKind", "MAIN", "refKind"],
      ["status", "exploded", "status"],
      ["page", "0", "page"],
      ["page", "x", "page"],
      ["perPage", "1000", "perPage"],
    ] as const) {
      const result = parseServicePageQuery("server", new URLSearchParams({ [key]: value }));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toContain(text);
    }
  });
  it("reads the Tests section's period, with the page's default", () => {
    expect(parseServiceTestsQuery("ui", new URLSearchParams(""))).toEqual({ ok: true, params: { service: "ui", period: 30 } });
    expect(parseServiceTestsQuery("ui", { period: "90", status: "failed" })).toEqual({ ok: true, params: { service: "ui", period: 90 } });
    expect(parseServiceTestsQuery("ui", { period: "14" }).ok).toBe(false);
  });
});
