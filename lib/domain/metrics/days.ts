
import { DAY_MS } from "@/lib/domain/time";
/** The UTC calendar day of a time, as `YYYY-MM-DD`. Trends are bucketed by UTC day. */
export function dayKey(t: Date | string | number): string {
  const date = t instanceof Date ? t : new Date(t);
  return date.toISOString().slice(0, 10);
}

/** The first instant of a period of `days` whole UTC days that ends with the day of `now` (today is partial). */
export function periodStart(now: Date, days: number): Date {
  return new Date(Date.parse(dayKey(now)) - (days - 1) * DAY_MS);
}

/** Every UTC day from `from` to `to` inclusive, oldest first (empty when from is after to). */
export function dayRange(from: Date | string | number, to: Date | string | number): string[] {
  const start = Date.parse(dayKey(from));
  const end = Date.parse(dayKey(to));
  const days: string[] = [];
  for (let t = start; t <= end; t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** Groups items by UTC day of `at(item)`; keys in ascending day order. */
export function bucketByDay<T>(items: readonly T[], at: (item: T) => Date | string | number): Map<string, T[]> {
  const buckets = new Map<string, T[]>();
  for (const item of items) {
    const key = dayKey(at(item));
    const bucket = buckets.get(key);
    if (bucket) bucket.push(item);
    else buckets.set(key, [item]);
  }
  return new Map([...buckets.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * One point per day of `days` (use dayRange for a gap-free axis), from the values keyed by day;
 * days without a value get `empty`.
 */
export function fillDays<V, E>(days: readonly string[], values: ReadonlyMap<string, V>, empty: E): { day: string; value: V | E }[] {
  return days.map((day) => ({ day, value: values.has(day) ? (values.get(day) as V) : empty }));
}
