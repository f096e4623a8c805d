import { describe, expect, it } from "vitest";
import { CWIQ_SERVICES, cwiqServiceNames } from "./cwiq";

describe("cwiqServiceNames", () => {
  it("starts with CWIQ's own services and adds distinct ones up to the count", () => {
    expect(cwiqServiceNames(2)).toEqual(["server", "iam-api"]);
    const hundred = cwiqServiceNames(100);
    expect(hundred.slice(0, 4)).toEqual([...CWIQ_SERVICES]);
    expect(hundred[4]).toBe("billing-api");
    for (const count of [100, 500]) {
      const names = cwiqServiceNames(count);
      expect(names).toHaveLength(count);
      expect(new Set(names).size).toBe(count);
      for (const name of names) expect(name).toMatch(/^[a-z0-9][a-z0-9._-]*$/);
    }
  });
});
