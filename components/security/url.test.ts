import { describe, expect, it } from "vitest";
import { SEVERITIES } from "@/lib/domain/cwiq";
import { DEFAULT_PARAMS, toSecurityQuery } from "@/lib/pages/security/params";
import { PERIODS, SCANNERS, SORTS, STATES, type SecurityPageParams } from "@/lib/pages/security/types";
import { securityQuery } from "./url";

describe("the browser's security page query", () => {
  it("is the one lib/pages/security/params writes, for every filter and sort", () => {
    const cases: SecurityPageParams[] = [DEFAULT_PARAMS];
    for (const period of PERIODS)
      for (const sort of SORTS)
        for (const dir of ["asc", "desc"] as const) {
          cases.push({ ...DEFAULT_PARAMS, period, sort, dir });
          cases.push({ ...DEFAULT_PARAMS, period, sort, dir, service: "server", scanner: SCANNERS[0], severity: SEVERITIES[1], state: STATES[0], page: 2, perPage: 100 });
        }
    for (const params of cases) {
      expect(securityQuery(params)).toBe(toSecurityQuery(params));
      expect(securityQuery(params, { paging: false })).toBe(toSecurityQuery(params, { paging: false }));
    }
  });
});
