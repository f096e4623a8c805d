import { describe, expect, it } from "vitest";
import { SimStats } from "./stats";

describe("SimStats.busiestMinute", () => {
  it("is the most requests within any 60 s of real time", () => {
    let now = 1_000_000;
    const stats = new SimStats(() => now);
    const at = (seconds: number, count: number) => {
      now = 1_000_000 + seconds * 1000;
      for (let i = 0; i < count; i++) stats.record("GET /api/v4/projects/:id", 200);
    };
    at(0, 5);
    at(59.9, 3); // same minute as the first five
    at(60, 4); // the first five have left this window
    at(200, 2);
    expect(stats.snapshot().busiestMinute).toBe(8);
    stats.reset();
    expect(stats.snapshot().busiestMinute).toBe(0);
  });
});
