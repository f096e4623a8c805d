/**
 * GitLab.com-style per-token request budget over one-minute windows, with its RateLimit-* headers.
 * A window starts at a token's first request (not at the wall-clock minute) so tests are not flaky
 * around minute boundaries. Runs on real time: advancing the simulated clock does not refill it.
 */
const WINDOW_MS = 60_000;

export interface RateDecision {
  limited: boolean;
  /** Seconds until the window resets (for Retry-After). */
  retryAfterSeconds: number;
  headers: Record<string, string>;
}

export function rateLimitHeaders(limit: number, observed: number, resetAtMs: number): Record<string, string> {
  return {
    "RateLimit-Limit": String(limit),
    "RateLimit-Observed": String(observed),
    "RateLimit-Remaining": String(Math.max(0, limit - observed)),
    "RateLimit-Reset": String(Math.ceil(resetAtMs / 1000)),
    "RateLimit-ResetTime": new Date(Math.ceil(resetAtMs / 1000) * 1000).toUTCString(),
  };
}

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private perMinute: number,
    private readonly realNow: () => number = Date.now,
  ) {}

  get limit(): number {
    return this.perMinute;
  }

  /** 0 = unlimited. Existing windows keep their counts. */
  setLimit(perMinute: number): void {
    this.perMinute = perMinute;
  }

  reset(): void {
    this.windows.clear();
  }

  /** Counts one request for `key`; null when rate limiting is off. */
  hit(key: string): RateDecision | null {
    if (this.perMinute <= 0) return null;
    const now = this.realNow();
    let window = this.windows.get(key);
    if (!window || now >= window.start + WINDOW_MS) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    window.count += 1;
    const resetAt = window.start + WINDOW_MS;
    return {
      limited: window.count > this.perMinute,
      retryAfterSeconds: Math.max(1, Math.ceil((resetAt - now) / 1000)),
      headers: rateLimitHeaders(this.perMinute, window.count, resetAt),
    };
  }

  /** Headers for an answer that was not counted (e.g. an injected 429). */
  peek(key: string): Record<string, string> | null {
    if (this.perMinute <= 0) return null;
    const now = this.realNow();
    const window = this.windows.get(key);
    const live = window && now < window.start + WINDOW_MS ? window : { start: now, count: 0 };
    return rateLimitHeaders(this.perMinute, live.count, live.start + WINDOW_MS);
  }
}
