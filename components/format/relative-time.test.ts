import { describe, expect, it } from "vitest";
import { formatAbsoluteTime, formatRelativeAge } from "./relative-time";

const now = Date.parse("2026-11-27T12:00:00.000Z");
const ago = (seconds: number) => new Date(now - seconds * 1000);

describe("formatRelativeAge", () => {
  it.each([
    [0, "just now"],
    [4, "just now"],
    [5, "5 s ago"],
    [20, "20 s ago"],
    [59, "59 s ago"],
    [60, "1 min ago"],
    [3 * 60 + 59, "3 min ago"],
    [59 * 60 + 59, "59 min ago"],
    [3600, "1 h ago"],
    [2 * 3600 + 1800, "2 h ago"],
    [23 * 3600 + 3599, "23 h ago"],
    [86_400, "1 d ago"],
    [40 * 86_400, "40 d ago"],
  ])("%s s before now → %s", (seconds, expected) => {
    expect(formatRelativeAge(ago(seconds), now)).toBe(expected);
  });

  it("accepts ISO strings and epoch milliseconds", () => {
    expect(formatRelativeAge("2026-11-27T11:57:00.000Z", now)).toBe("3 min ago");
    expect(formatRelativeAge(now - 20_000, new Date(now))).toBe("20 s ago");
  });

  it("treats a time in the future (clock skew) as just now", () => {
    expect(formatRelativeAge(now + 30_000, now)).toBe("just now");
  });

  it("returns — for an unparseable time", () => {
    expect(formatRelativeAge("not a date", now)).toBe("—");
  });
});

describe("formatAbsoluteTime", () => {
  it("renders in the requested time zone", () => {
    expect(formatAbsoluteTime("2026-11-27T12:00:05.000Z", "en-GB", "UTC")).toBe("27 Nov 2026, 12:00:05");
    expect(formatAbsoluteTime("2026-11-27T12:00:05.000Z", "en-GB", "Asia/Kolkata")).toBe("27 Nov 2026, 17:30:05");
  });

  it("returns — for an unparseable time", () => {
    expect(formatAbsoluteTime("nope")).toBe("—");
  });
});
