import { describe, expect, it } from "vitest";
import { durationChange, gotSlower } from "./test-durations";
import { periodStart } from "./days";

const d = (p50Ms: number, previousP50Ms: number | null, runs = 10, previousRuns = 10) => ({ p50Ms, previousP50Ms, runs, previousRuns });

describe("a test that got slower", () => {
  it("is one whose median grew by a tenth and by 20 ms at least", () => {
    expect(gotSlower(d(1500, 1000))).toBe(true);
    expect(durationChange(d(1500, 1000))).toBe(0.5);
    expect(gotSlower(d(220, 200))).toBe(true);
    // A tenth of a fast test is noise; 20 ms of a slow one too.
    expect(gotSlower(d(9, 5))).toBe(false);
    expect(gotSlower(d(4019, 4000))).toBe(false);
    expect(gotSlower(d(1000, 1500))).toBe(false);
  });

  it("needs a few runs in both periods and a previous median", () => {
    expect(gotSlower(d(1500, 1000, 2, 10))).toBe(false);
    expect(gotSlower(d(1500, 1000, 10, 2))).toBe(false);
    expect(gotSlower(d(1500, null))).toBe(false);
    expect(durationChange(d(1500, null))).toBeNull();
    expect(durationChange(d(1500, 0))).toBeNull();
  });
});

describe("a period of whole UTC days", () => {
  it("starts at midnight, the days before today's", () => {
    expect(periodStart(new Date("2026-12-07T12:00:00Z"), 7).toISOString()).toBe("2026-12-01T00:00:00.000Z");
    expect(periodStart(new Date("2026-12-07T00:00:00Z"), 1).toISOString()).toBe("2026-12-07T00:00:00.000Z");
  });
});
