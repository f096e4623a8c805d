/**
 * The p-th percentile of `values`, p a fraction in [0, 1] (0.5 = median, 0.95 = p95).
 *
 * Method: linear interpolation between closest ranks (Hyndman–Fan type 7, the default of
 * numpy and of PostgreSQL's `percentile_cont`, so SQL-side and JS-side figures agree):
 * sort ascending, take the fractional index h = (n - 1) · p and interpolate between
 * values[floor(h)] and values[ceil(h)]. p = 0 gives the minimum, p = 1 the maximum.
 *
 * Non-finite values (NaN, ±Infinity) are ignored. Returns null when no value is left.
 * Throws a RangeError for p outside [0, 1].
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (!Number.isFinite(p) || p < 0 || p > 1) throw new RangeError(`percentile: p must be in [0, 1], got ${p}`);
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  const low = sorted[lo] as number;
  const high = sorted[hi] as number;
  return low + (high - low) * (h - lo);
}
