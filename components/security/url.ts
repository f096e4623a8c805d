import type { SecurityPageParams } from "@/lib/pages/security/types";

/*
 * The browser's copy of toSecurityQuery (lib/pages/security/params): that module also holds the
 * zod validation, ~32 kB the page would load for nothing, since the server validates the URL.
 * url.test.ts keeps the two equal.
 */

const DEFAULT_PERIOD = 30;
const DEFAULT_PER_PAGE = 50;
const DEFAULT_SORT = "severity";
const DEFAULT_DIR = "desc";

/** The URL query for params: defaults left out, so shared links stay short; paging: false for the CSV. */
export function securityQuery(params: SecurityPageParams, options: { paging?: boolean } = {}): string {
  const q = new URLSearchParams();
  if (params.period !== DEFAULT_PERIOD) q.set("period", String(params.period));
  if (params.service) q.set("service", params.service);
  if (params.scanner) q.set("scanner", params.scanner);
  if (params.severity) q.set("severity", params.severity);
  if (params.state) q.set("state", params.state);
  if (params.sort !== DEFAULT_SORT || params.dir !== DEFAULT_DIR) {
    q.set("sort", params.sort);
    q.set("dir", params.dir);
  }
  if (options.paging !== false) {
    if (params.page !== 1) q.set("page", String(params.page));
    if (params.perPage !== DEFAULT_PER_PAGE) q.set("perPage", String(params.perPage));
  }
  return q.toString();
}
