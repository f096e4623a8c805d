import { describe, expect, it } from "vitest";
import { bucketByDay, dayKey, dayRange, detectFlakes, fillDays, flakedInPipeline, percentile, ranInPipeline, successRate, successRatio } from "./index";

describe("percentile (linear interpolation, type 7)", () => {
  it("gives the minimum at p = 0 and the maximum at p = 1, whatever the input order", () => {
    expect(percentile([30, 10, 20, 40], 0)).toBe(10);
    expect(percentile([30, 10, 20, 40], 1)).toBe(40);
  });
  it("interpolates between closest ranks", () => {
    // h = 3 · 0.5 = 1.5 → 20 + 0.5 · (30 - 20)
    expect(percentile([10, 20, 30, 40], 0.5)).toBe(25);
    // h = 3 · 0.95 = 2.85 → 30 + 0.85 · 10
    expect(percentile([10, 20, 30, 40], 0.95)).toBeCloseTo(38.5, 10);
    // odd count: the median is the middle value
    expect(percentile([5, 1, 3], 0.5)).toBe(3);
    // 1..100: p95 = 1 + 99 · 0.95 = 95.05
    expect(percentile(Array.from({ length: 100 }, (_, i) => i + 1), 0.95)).toBeCloseTo(95.05, 10);
  });
  it("handles one value, no value and non-finite values", () => {
    expect(percentile([7], 0)).toBe(7);
    expect(percentile([7], 0.95)).toBe(7);
    expect(percentile([7], 1)).toBe(7);
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([NaN, Infinity], 0.5)).toBeNull();
    expect(percentile([NaN, 4, 2], 1)).toBe(4);
  });
  it("does not reorder its input", () => {
    const values = [3, 1, 2];
    percentile(values, 0.5);
    expect(values).toEqual([3, 1, 2]);
  });
  it("rejects p outside [0, 1]", () => {
    expect(() => percentile([1], -0.01)).toThrow(RangeError);
    expect(() => percentile([1], 1.01)).toThrow(RangeError);
    expect(() => percentile([1], 50)).toThrow(RangeError);
  });
});

describe("successRate", () => {
  it("counts finished pipelines only: success / (success + failed)", () => {
    const statuses = ["success", "success", "success", "failed", "canceled", "skipped", "running", "pending", "manual"];
    expect(successRate(statuses.map((status) => ({ status })))).toBe(0.75);
  });
  it("is null without finished pipelines, 0 or 1 at the edges", () => {
    expect(successRate([])).toBeNull();
    expect(successRate([{ status: "canceled" }, { status: "running" }])).toBeNull();
    expect(successRate([{ status: "failed" }])).toBe(0);
    expect(successRate([{ status: "success" }])).toBe(1);
    expect(successRatio(1, 3)).toBe(0.25);
    expect(successRatio(0, 0)).toBeNull();
  });
});

describe("the flake rule", () => {
  it("counts a failed attempt followed by a successful final attempt, once per pipeline", () => {
    const stats = detectFlakes([
      // pipeline 1: test failed, failed, passed → one flake
      { pipelineId: 1, name: "test", status: "failed", retried: true },
      { pipelineId: 1, name: "test", status: "failed", retried: true },
      { pipelineId: 1, name: "test", status: "success", retried: false },
      // pipeline 2: test passed first time
      { pipelineId: 2, name: "test", status: "success", retried: false },
      // pipeline 3: test failed on every attempt → ran, not a flake
      { pipelineId: 3, name: "test", status: "failed", retried: true },
      { pipelineId: 3, name: "test", status: "failed", retried: false },
      // pipeline 4: lint passed, then failed on a rerun → not a flake (the final attempt failed)
      { pipelineId: 4, name: "lint", status: "success", retried: true },
      { pipelineId: 4, name: "lint", status: "failed", retried: false },
      // pipeline 5: lint ran once
      { pipelineId: 5, name: "lint", status: "success", retried: false },
    ]);
    expect(stats).toEqual([
      { name: "test", pipelines: 3, flakyPipelines: 1, rate: 1 / 3 },
      { name: "lint", pipelines: 2, flakyPipelines: 0, rate: 0 },
    ]);
  });
  it("does not count a job whose final attempt was canceled, skipped or is waiting as a run", () => {
    const stats = detectFlakes([
      { pipelineId: 6, name: "deploy-dev", status: "manual", retried: false },
      { pipelineId: 7, name: "deploy-dev", status: "failed", retried: true },
      { pipelineId: 7, name: "deploy-dev", status: "canceled", retried: false },
      { pipelineId: 8, name: "deploy-dev", status: "success", retried: false },
    ]);
    expect(stats).toEqual([{ name: "deploy-dev", pipelines: 1, flakyPipelines: 0, rate: 0 }]);
  });
  it("keeps a flake when a canceled attempt came between the failure and the success", () => {
    const attempts = [
      { status: "failed", retried: true },
      { status: "canceled", retried: true },
      { status: "success", retried: false },
    ];
    expect(flakedInPipeline(attempts)).toBe(true);
    expect(ranInPipeline(attempts)).toBe(true);
    expect(flakedInPipeline([{ status: "success", retried: false }])).toBe(false);
    expect(ranInPipeline([{ status: "running", retried: false }])).toBe(false);
  });
  it("is empty for no jobs", () => {
    expect(detectFlakes([])).toEqual([]);
  });
});

describe("bucketing by day (UTC)", () => {
  it("keys, ranges and buckets", () => {
    expect(dayKey("2026-11-20T23:59:59.999Z")).toBe("2026-11-20");
    expect(dayKey(new Date("2026-11-21T00:00:00.000Z"))).toBe("2026-11-21");
    expect(dayRange("2026-11-29T15:00:00Z", "2026-12-02T01:00:00Z")).toEqual(["2026-11-29", "2026-11-30", "2026-12-01", "2026-12-02"]);
    expect(dayRange("2026-11-22T00:00:00Z", "2026-11-21T00:00:00Z")).toEqual([]);
    const buckets = bucketByDay(
      [{ at: "2026-11-21T01:00:00Z", v: 1 }, { at: "2026-11-20T10:00:00Z", v: 2 }, { at: "2026-11-21T23:00:00Z", v: 3 }],
      (x) => x.at,
    );
    expect([...buckets.keys()]).toEqual(["2026-11-20", "2026-11-21"]);
    expect(buckets.get("2026-11-21")?.map((x) => x.v)).toEqual([1, 3]);
    expect(fillDays(["2026-11-20", "2026-11-21"], new Map([["2026-11-21", 5]]), null)).toEqual([
      { day: "2026-11-20", value: null },
      { day: "2026-11-21", value: 5 },
    ]);
  });
});
