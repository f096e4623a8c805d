import { describe, expect, it } from "vitest";
import { pollIntervalSeconds } from "./rhythm";

const rhythm = { pollIntervalSeconds: 30, reconcileIntervalSeconds: 300, quietSeconds: 600 };

describe("pollIntervalSeconds", () => {
  it("polls at the normal interval when no webhook ever came", () => {
    expect(pollIntervalSeconds(rhythm, null)).toBe(30);
  });

  it("only reconciles while webhooks arrive", () => {
    expect(pollIntervalSeconds(rhythm, 0)).toBe(300);
    expect(pollIntervalSeconds(rhythm, 599)).toBe(300);
  });

  it("returns to the normal interval once webhooks stopped", () => {
    expect(pollIntervalSeconds(rhythm, 600)).toBe(30);
    expect(pollIntervalSeconds(rhythm, 86_400)).toBe(30);
  });

  it("keeps the normal interval while a backfill's catch-up is under way, webhooks or not", () => {
    expect(pollIntervalSeconds(rhythm, 0, true)).toBe(30);
    expect(pollIntervalSeconds(rhythm, 0, false)).toBe(300);
  });

  it("never polls less often than configured, and distrusts a delivery from the future", () => {
    expect(pollIntervalSeconds({ ...rhythm, reconcileIntervalSeconds: 10 }, 5)).toBe(30);
    expect(pollIntervalSeconds(rhythm, -5)).toBe(30);
  });
});
