import { describe, expect, it } from "vitest";
import { formatCount } from "./number";

describe("formatCount", () => {
  it.each([
    [0, "0"],
    [999, "999"],
    [1000, "1,000"],
    [1234, "1,234"],
    [2400, "2,400"],
    [1_234_567, "1,234,567"],
  ])("%s → %s", (n, expected) => {
    expect(formatCount(n)).toBe(expected);
  });
});
