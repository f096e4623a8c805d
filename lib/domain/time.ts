export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** A timestamp as JSON and SQL parameters carry it; null stays null. */
export const isoOrNull = (d: Date | null): string | null => (d ? d.toISOString() : null);
