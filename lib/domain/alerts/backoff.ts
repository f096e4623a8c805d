/**
 * When an undelivered alert is tried again: exponential from 1 s, capped at 10 min, with up to 20 %
 * jitter so channels that failed together do not retry together. After `MAX_DELIVERY_ATTEMPTS` the
 * delivery is dead (recorded and shown on /alerts), at about 2 h of trying.
 */
export const MAX_DELIVERY_ATTEMPTS = 20;

export function retryDelayMs(attempts: number, random: () => number = Math.random, baseMs = 1_000, maxMs = 600_000): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exp * (1 + 0.2 * random()));
}
