/*
 * Checks shared by the API routes before any value reaches a query. Anything they refuse is a
 * 400 with a message: hostile input must never surface as a 500 (or a 503 from PostgreSQL, which
 * refuses NUL bytes in text parameters).
 */

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** Service names as lib/platform/config accepts them. */
const SERVICE_NAME = /^[a-z0-9][a-z0-9._-]{0,99}$/i;

/** A problem with the query string, or null: a parameter given twice, or a value with control characters. */
export function queryProblem(query: URLSearchParams, known: readonly string[]): string | null {
  for (const key of known) {
    if (query.getAll(key).length > 1) return `${key}: give it at most once`;
  }
  for (const [key, value] of query) {
    if (CONTROL_CHARACTERS.test(key) || CONTROL_CHARACTERS.test(value)) return `${key}: must not contain control characters`;
  }
  return null;
}

/** The service name from a route segment (percent-decoded at most once), or null if it cannot be one. */
export function parseServiceName(raw: string): string | null {
  let name = raw;
  try {
    name = decodeURIComponent(raw);
  } catch {
    return null;
  }
  return SERVICE_NAME.test(name) ? name : null;
}
