/** Delays for retrying upstream requests: exponential backoff with full jitter, and Retry-After. */
export interface RetryPolicy {
  /** Attempts for 5xx, timeouts, dropped connections and malformed answers. */
  maxAttempts: number;
  /** Attempts for 429 answers (each waits as the upstream asks). */
  maxRateLimitAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Never wait longer than this for one Retry-After or rate-limit reset. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  maxRateLimitAttempts: 8,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
};

/** Full jitter: a random delay between 0 and base·2^attempt, capped. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(random() * ceiling);
}

/**
 * Milliseconds the upstream asks us to wait: `Retry-After` in seconds or as an HTTP date,
 * else the time to `RateLimit-Reset` (unix seconds); undefined when neither is usable.
 */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const retryAfter = headers.get("retry-after")?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.round(Number(retryAfter) * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = headers.get("ratelimit-reset")?.trim();
  if (reset && /^\d+$/.test(reset)) return Math.max(0, Number(reset) * 1000 - now);
  return undefined;
}
