import { describe, expect, it } from "vitest";
import { REF_KIND_LABELS } from "@/lib/domain/pipeline/refs";
import { parseServicePageQuery } from "./params";
import { PERIODS, PIPELINE_STATUSES, type ServicePageParams } from "./types";
import { DEFAULT_PER_PAGE, DEFAULT_PERIOD, serviceTestsUrl, toServicePageQuery } from "./url";

describe("the service page's query", () => {
  it("reads back as the params it was written from, for every filter", () => {
    const cases: Omit<ServicePageParams, "service">[] = [];
    for (const period of PERIODS)
      for (const refKind of [undefined, ...REF_KIND_LABELS])
        for (const status of [undefined, ...PIPELINE_STATUSES])
          for (const [page, perPage] of [[1, DEFAULT_PER_PAGE], [3, 50]] as const) cases.push({ period, refKind, ref: refKind ? "feature/a b" : undefined, status, page, perPage });
    expect(cases.some((c) => c.period === DEFAULT_PERIOD)).toBe(true);
    for (const params of cases) {
      const parsed = parseServicePageQuery("ui", new URLSearchParams(toServicePageQuery(params)));
      expect(parsed).toEqual({ ok: true, params: { service: "ui", ...params } });
    }
  });

  it("leaves the defaults out", () => {
    expect(toServicePageQuery({ period: DEFAULT_PERIOD, page: 1, perPage: DEFAULT_PER_PAGE })).toBe("");
  });
});

describe("the Tests section's address", () => {
  it("carries the period unless it is the page's default", () => {
    expect(serviceTestsUrl("iam-api", DEFAULT_PERIOD)).toBe("/api/services/iam-api/tests");
    expect(serviceTestsUrl("iam-api", 90)).toBe("/api/services/iam-api/tests?period=90");
  });
});
