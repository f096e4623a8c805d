import { describe, expect, it } from "vitest";
import { formatDuration, formatMs } from "./duration";

describe("formatDuration", () => {
  it.each([
    [0, "0s"],
    [45, "45s"],
    [59.4, "59s"],
    [59.6, "1m 00s"],
    [60, "1m 00s"],
    [252, "4m 12s"],
    [305, "5m 05s"],
    [3599, "59m 59s"],
    [3600, "1h 00m"],
    [3780, "1h 03m"],
    [3839, "1h 03m"],
    [86_399, "23h 59m"],
    [86_400, "1d 00h"],
    [93_600 + 120, "1d 02h"],
  ])("%s s → %s", (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });

  it.each([null, undefined, -1, Number.NaN, Number.POSITIVE_INFINITY])("%s → —", (value) => {
    expect(formatDuration(value)).toBe("—");
  });
});

describe("formatMs", () => {
  it.each([
    [8, "8 ms"],
    [999.6, "1.0 s"],
    [1400, "1.4 s"],
    [9_960, "10 s"],
    [12_400, "12 s"],
    [59_600, "1m 00s"],
    [185_000, "3m 05s"],
    [null, "—"],
  ])("%s ms → %s", (ms, expected) => {
    expect(formatMs(ms)).toBe(expected);
  });
});
