/** Webhooks count as arriving while the last came less than this long ago. */
export const DEFAULT_WEBHOOK_QUIET_SECONDS = 600;

export interface PollRhythm {
  pollIntervalSeconds: number;
  reconcileIntervalSeconds: number;
  quietSeconds?: number;
}

/**
 * Seconds between full polls: while webhooks arrive they bring changes as they happen, so polling
 * only reconciles; once they stop (hook disabled by GitLab, network change) polling is normal again.
 * While a backfill's catch-up (reports, artifacts, timings) is still under way, polls carry it, so
 * they keep the normal interval: webhook cycles read only what their hooks announced.
 */
export function pollIntervalSeconds(rhythm: PollRhythm, secondsSinceLastWebhook: number | null, catchingUp = false): number {
  if (catchingUp) return rhythm.pollIntervalSeconds;
  const quiet = rhythm.quietSeconds ?? DEFAULT_WEBHOOK_QUIET_SECONDS;
  const arriving = secondsSinceLastWebhook !== null && secondsSinceLastWebhook >= 0 && secondsSinceLastWebhook < quiet;
  return arriving ? Math.max(rhythm.pollIntervalSeconds, rhythm.reconcileIntervalSeconds) : rhythm.pollIntervalSeconds;
}
