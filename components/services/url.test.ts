import { describe, expect, it } from "vitest";
import { DEFAULT_PER_PAGE, DEFAULT_PERIOD, toServicePageQuery } from "@/lib/pages/services/params";
import { PERIODS, PIPELINE_STATUSES, type ServicePageParams } from "@/lib/pages/services/types";
import { serviceQuery, serviceTestsUrl } from "./url";

describe("the browser's service page query", () => {
  it("is the one lib/pages/services/params writes, for every filter", () => {
    const cases: Omit<ServicePageParams, "service">[] = [];
    for (const period of PERIODS)
      for (const refKind of [undefined, "main", "branch", "tag"] as const)
        for (const status of [undefined, ...PIPELINE_STATUSES])
          for (const [page, perPage] of [[1, DEFAULT_PER_PAGE], [3, 50]] as const) cases.push({ period, refKind, ref: refKind ? "feature/a b" : undefined, status, page, perPage });
    expect(cases.some((c) => c.period === DEFAULT_PERIOD)).toBe(true);
    for (const params of cases) expect(serviceQuery(params)).toBe(toServicePageQuery(params));
  });
});

describe("the Tests section's address", () => {
  it("carries the period unless it is the page's default", () => {
    expect(serviceTestsUrl("iam-api", DEFAULT_PERIOD)).toBe("/api/services/iam-api/tests");
    expect(serviceTestsUrl("iam-api", 90)).toBe("/api/services/iam-api/tests?period=90");
  });
});
