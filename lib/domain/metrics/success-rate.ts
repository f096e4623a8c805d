/**
 * Success rate of finished pipelines, as a fraction in [0, 1]:
 * success / (success + failed).
 *
 * Only the two outcomes count. Canceled and skipped pipelines were stopped, not judged,
 * and running / pending / created / manual ones have no outcome yet: all are excluded.
 * Returns null when no pipeline in the set has finished with success or failed.
 */
export function successRate(pipelines: readonly { status: string }[]): number | null {
  let success = 0;
  let failed = 0;
  for (const p of pipelines) {
    if (p.status === "success") success++;
    else if (p.status === "failed") failed++;
  }
  return successRatio(success, failed);
}

/** The same rate from counts already aggregated (e.g. by SQL). */
export function successRatio(success: number, failed: number): number | null {
  const finished = success + failed;
  return finished > 0 ? success / finished : null;
}
