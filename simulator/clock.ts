/**
 * The simulated clock: where it started, plus real time elapsed since then (unless frozen), plus every
 * manual advance. Rate limiting and fault durations use real time; only the world follows this clock.
 */
export interface SimClock {
  /** Simulated epoch milliseconds. */
  now(): number;
  /** Moves simulated time forward; returns the new time. */
  advance(ms: number): number;
  readonly frozen: boolean;
}

export function createClock(options: { startAt: number; frozen: boolean; realNow?: () => number }): SimClock {
  const realNow = options.realNow ?? (() => performance.now());
  const realStart = realNow();
  let offset = 0;
  return {
    frozen: options.frozen,
    now() {
      const elapsed = options.frozen ? 0 : realNow() - realStart;
      return Math.floor(options.startAt + elapsed + offset);
    },
    advance(ms: number) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`the simulated clock only moves forward (got ${ms} ms)`);
      offset += ms;
      return this.now();
    },
  };
}
