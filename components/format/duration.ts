/**
 * Formats a duration in seconds the way the dashboard shows it: `45s`, `4m 12s`, `1h 03m`, `2d 05h`.
 * Only the two most significant units are kept; the smaller one is zero-padded so columns line up.
 * Returns "—" for a missing or invalid duration (a pipeline that has not finished has none).
 */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return "—";
  const total = Math.round(seconds);
  if (total < 60) return `${total}s`;
  const pad = (n: number) => String(n).padStart(2, "0");
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes}m ${pad(total % 60)}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${pad(minutes % 60)}m`;
  return `${Math.floor(hours / 24)}d ${pad(hours % 24)}h`;
}

/** A test's duration in milliseconds: `8 ms`, `1.4 s`, `12 s`, `3m 05s` from a minute on. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return "—";
  const whole = Math.round(ms);
  if (whole < 1000) return `${whole} ms`;
  if (whole < 9_950) return `${(whole / 1000).toFixed(1)} s`;
  if (whole < 59_500) return `${Math.round(whole / 1000)} s`;
  return formatDuration(whole / 1000);
}
