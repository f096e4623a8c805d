import { describe, expect, it } from "vitest";
import { runTimes } from "./run-times";

describe("runTimes", () => {
  it("gives timestamps as ISO strings and durations in seconds", () => {
    expect(
      runTimes({
        createdAt: new Date("2026-11-27T11:57:00Z"),
        startedAt: new Date("2026-11-27T11:57:10Z"),
        finishedAt: new Date("2026-11-27T12:01:22Z"),
        duration: 252,
        queuedDuration: 10,
      }),
    ).toEqual({
      createdAt: "2026-11-27T11:57:00.000Z",
      startedAt: "2026-11-27T11:57:10.000Z",
      finishedAt: "2026-11-27T12:01:22.000Z",
      durationSeconds: 252,
      queuedDurationSeconds: 10,
    });
  });

  it("keeps the times of a run that has not started as null", () => {
    expect(runTimes({ createdAt: new Date("2026-11-27T11:57:00Z"), startedAt: null, finishedAt: null, duration: null, queuedDuration: null })).toEqual({
      createdAt: "2026-11-27T11:57:00.000Z",
      startedAt: null,
      finishedAt: null,
      durationSeconds: null,
      queuedDurationSeconds: null,
    });
  });
});
