/*
 * The published DORA performance bands (Accelerate State of DevOps) the figures are shown against.
 * Where the issue names only the upper bands, the lower ones follow the report: deployment frequency
 * medium down to about once a month, lead time medium up to six months.
 */

export type Band = "elite" | "high" | "medium" | "low";

const HOUR = 3600;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
/** Once a month, in deployment days per week. */
const MONTHLY_PER_WEEK = 7 / 30;

/** Deployment days per week: elite at least 3, high at least 1, medium at least monthly. */
export function frequencyBand(deploymentDaysPerWeek: number): Band {
  if (deploymentDaysPerWeek >= 3) return "elite";
  if (deploymentDaysPerWeek >= 1) return "high";
  if (deploymentDaysPerWeek >= MONTHLY_PER_WEEK) return "medium";
  return "low";
}

/** Median lead time in seconds: elite under an hour, high under a week, medium under six months. */
export function leadTimeBand(medianSeconds: number | null): Band | null {
  if (medianSeconds === null) return null;
  if (medianSeconds < HOUR) return "elite";
  if (medianSeconds < WEEK) return "high";
  if (medianSeconds < 182 * DAY) return "medium";
  return "low";
}

/** Change failure rate (0..1): elite 5 % or less, high 10 %, medium 15 %. */
export function changeFailureBand(rate: number | null): Band | null {
  if (rate === null) return null;
  if (rate <= 0.05) return "elite";
  if (rate <= 0.1) return "high";
  if (rate <= 0.15) return "medium";
  return "low";
}

/** Median time to restore in seconds: elite under an hour, high under a day, medium under a week. */
export function restoreBand(medianSeconds: number | null): Band | null {
  if (medianSeconds === null) return null;
  if (medianSeconds < HOUR) return "elite";
  if (medianSeconds < DAY) return "high";
  if (medianSeconds < WEEK) return "medium";
  return "low";
}
