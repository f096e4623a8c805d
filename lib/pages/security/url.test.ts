import { describe, expect, it } from "vitest";
import { SEVERITIES } from "@/lib/domain/cwiq";
import { parseSecurityQuery } from "./params";
import { PERIODS, SCANNERS, SORTS, STATES, type SecurityPageParams } from "./types";
import { DEFAULT_PARAMS, toSecurityQuery } from "./url";

describe("the security page's query", () => {
  it("reads back as the params it was written from, for every filter and sort; without paging for the CSV", () => {
    const cases: SecurityPageParams[] = [DEFAULT_PARAMS];
    for (const period of PERIODS)
      for (const sort of SORTS)
        for (const dir of ["asc", "desc"] as const) {
          cases.push({ ...DEFAULT_PARAMS, period, sort, dir });
          cases.push({ ...DEFAULT_PARAMS, period, sort, dir, service: "server", scanner: SCANNERS[0], severity: SEVERITIES[1], state: STATES[0], page: 2, perPage: 100 });
        }
    for (const params of cases) {
      expect(parseSecurityQuery(new URLSearchParams(toSecurityQuery(params)))).toEqual({ ok: true, params });
      const unpaged = parseSecurityQuery(new URLSearchParams(toSecurityQuery(params, { paging: false })));
      expect(unpaged).toEqual({ ok: true, params: { ...params, page: 1, perPage: DEFAULT_PARAMS.perPage } });
    }
    expect(toSecurityQuery(DEFAULT_PARAMS)).toBe("");
  });
});
