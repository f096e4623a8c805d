import { describe, expect, it } from "vitest";
import { RequestBudget } from "./request-budget";
import { UpstreamError } from "./errors";

/** A budget on a clock that moves only when the budget waits. */
function onFakeClock(perWindow: number, windowMs: number) {
  let now = 0;
  const waits: number[] = [];
  const budget = new RequestBudget(
    perWindow,
    windowMs,
    () => now,
    async (ms) => {
      waits.push(ms);
      now += ms;
    },
  );
  return { budget, waits, at: () => now, advance: (ms: number) => (now += ms) };
}

describe("RequestBudget", () => {
  it("lets a window's worth through at once, then one more each time the oldest leaves the window", async () => {
    const clock = onFakeClock(3, 1_000);
    const granted: number[] = [];
    await Promise.all(Array.from({ length: 7 }, () => clock.budget.take().then(() => granted.push(clock.at()))));
    expect(granted).toEqual([0, 0, 0, 1_000, 1_000, 1_000, 2_000]);
    // In no window of 1,000 ms were more than 3 granted.
    for (const start of granted) expect(granted.filter((t) => t >= start && t < start + 1_000).length).toBeLessThanOrEqual(3);
  });

  it("does not wait when the requests are already spread out", async () => {
    const clock = onFakeClock(2, 1_000);
    for (let i = 0; i < 5; i++) {
      await clock.budget.take();
      clock.advance(600);
    }
    expect(clock.waits).toEqual([]);
  });

  it("lets the waiters behind a stopped one through", async () => {
    const budget = new RequestBudget(1, 50);
    const controller = new AbortController();
    await budget.take();
    const stoppedTurn = budget.take(controller.signal);
    const next = budget.take();
    controller.abort();
    await expect(stoppedTurn).rejects.toBeInstanceOf(UpstreamError);
    await expect(next).resolves.toBeUndefined();
  });

  it("refuses a budget of nothing", () => {
    expect(() => new RequestBudget(0)).toThrow(/at least 1/);
  });
});
