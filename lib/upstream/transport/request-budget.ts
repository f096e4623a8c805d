import { sleep } from "./sleep";

/** A minute, and a second more: the upstream counts arrivals, and one request may travel longer than the next. */
export const BUDGET_WINDOW_MS = 61_000;

/**
 * At most `perWindow` requests in any `windowMs`: the sync's own ceiling on an upstream, for
 * GitLab.com's per-user limit or a GitLab shared with other tools. A sliding log of the last
 * `perWindow` send times, granted in arrival order, so a backfill's burst is spread over minutes
 * instead of being answered with 429s.
 */
export class RequestBudget {
  private readonly sent: number[] = [];
  private next = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly perWindow: number,
    private readonly windowMs = BUDGET_WINDOW_MS,
    private readonly now: () => number = Date.now,
    private readonly wait: (ms: number, signal?: AbortSignal) => Promise<void> = sleep,
  ) {
    if (!Number.isInteger(perWindow) || perWindow < 1) throw new RangeError(`a request budget needs at least 1 request per window (got ${perWindow})`);
  }

  /** Resolves when one more request fits the window; rejects as `sleep` does when `signal` fires. */
  take(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(async () => {
      // The send `perWindow` sends ago: the next one may go a window after it.
      const oldest = this.sent[this.next];
      const delay = oldest === undefined ? 0 : oldest + this.windowMs - this.now();
      if (delay > 0) await this.wait(delay, signal);
      this.sent[this.next] = this.now();
      this.next = (this.next + 1) % this.perWindow;
    });
    // A stopped waiter must not hold up the ones behind it.
    this.queue = turn.catch(() => {});
    return turn;
  }
}
