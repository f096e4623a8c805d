import type { FindingRow } from "./types";

/*
 * CSV as RFC 4180 wants it (quoted when needed, quotes doubled, CRLF line ends), with a guard
 * against formula injection: a cell a spreadsheet would evaluate (starting with = + - @, or a
 * tab / carriage return) is prefixed with a single quote.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return "";
  let text = String(value);
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvLine = (cells: readonly (string | number | boolean | null)[]): string => `${cells.map(csvCell).join(",")}\r\n`;

export const FINDINGS_CSV_HEADER = [
  "service",
  "scanner",
  "severity",
  "title",
  "location",
  "rule",
  "first_seen",
  "last_seen",
  "age_days",
  "past_age",
  "state",
  "defectdojo_url",
  "sonarqube_url",
  "gitlab_job_url",
] as const;

export function findingCsvLine(row: FindingRow): string {
  return csvLine([
    row.service,
    row.scanner,
    row.severity,
    row.title,
    row.location,
    row.rule,
    row.firstSeenAt,
    row.lastSeenAt,
    row.ageDays,
    row.pastAge ? "yes" : "no",
    row.state,
    row.dojoFindingUrl,
    row.sonarIssueUrl,
    row.jobWebUrl,
  ]);
}

/** `stageboard-findings-YYYY-MM-DD.csv` for the UTC day of `now`. */
export const findingsCsvFileName = (now: Date): string => `stageboard-findings-${now.toISOString().slice(0, 10)}.csv`;
