const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * How long ago `then` was, relative to `now`: "just now", "20 s ago", "3 min ago", "2 h ago", "5 d ago".
 * Units are truncated, not rounded, so "59 min ago" never jumps early to "1 h ago".
 * A time slightly in the future (clock skew between server and browser) reads "just now".
 */
export function formatRelativeAge(then: Date | string | number, now: Date | number = Date.now()): string {
  const thenMs = then instanceof Date ? then.getTime() : typeof then === "string" ? Date.parse(then) : then;
  const nowMs = now instanceof Date ? now.getTime() : now;
  if (!Number.isFinite(thenMs) || !Number.isFinite(nowMs)) return "—";
  const seconds = Math.floor((nowMs - thenMs) / 1000);
  if (seconds < 5) return "just now";
  if (seconds < MINUTE) return `${seconds} s ago`;
  if (seconds < HOUR) return `${Math.floor(seconds / MINUTE)} min ago`;
  if (seconds < DAY) return `${Math.floor(seconds / HOUR)} h ago`;
  return `${Math.floor(seconds / DAY)} d ago`;
}

/** The exact time in the viewer's own time zone and locale, e.g. for a tooltip. */
export function formatAbsoluteTime(value: Date | string | number, locale?: string, timeZone?: string): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return "—";
  return date.toLocaleString(locale, { dateStyle: "medium", timeStyle: "medium", timeZone });
}
