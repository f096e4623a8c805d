/*
 * When a test "got slower": its median duration now against the previous period of the same
 * length. Both medians come from a limited number of runs, so a change must be large in share and
 * in milliseconds to count: +10 % of a 3 ms test is the clock's noise, +20 ms of a 4 s test is
 * the runner's.
 */

/** The least growth of the median, as a share of the previous one. */
export const SLOWER_MIN_CHANGE = 0.1;
/** The least growth of the median, in milliseconds. */
export const SLOWER_MIN_MS = 20;
/** Runs a median needs in each period to be compared at all. */
export const SLOWER_MIN_RUNS = 3;

export interface DurationChange {
  p50Ms: number;
  runs: number;
  previousP50Ms: number | null;
  previousRuns: number;
}

/** (now − before) / before, or null when there is nothing to compare with. */
export function durationChange({ p50Ms, previousP50Ms }: Pick<DurationChange, "p50Ms" | "previousP50Ms">): number | null {
  return previousP50Ms === null || previousP50Ms <= 0 ? null : (p50Ms - previousP50Ms) / previousP50Ms;
}

export function gotSlower(d: DurationChange): boolean {
  if (d.previousP50Ms === null || d.runs < SLOWER_MIN_RUNS || d.previousRuns < SLOWER_MIN_RUNS) return false;
  const change = durationChange(d);
  return change !== null && change >= SLOWER_MIN_CHANGE && d.p50Ms - d.previousP50Ms >= SLOWER_MIN_MS;
}
