/** A timestamp as JSON and SQL parameters carry it; null stays null. */
export const isoOrNull = (d: Date | null): string | null => (d ? d.toISOString() : null);
