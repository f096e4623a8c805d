import type { Period, SecurityPageParams } from "./types";

/*
 * The security page's addresses, written alike by the server and the browser. Apart from params.ts,
 * whose zod validation (~32 kB) the browser would load for nothing: the server validates the URL.
 */

export const DEFAULT_PERIOD: Period = 30;
export const DEFAULT_PER_PAGE = 50;
export const DEFAULT_PARAMS: SecurityPageParams = { period: DEFAULT_PERIOD, sort: "severity", dir: "desc", page: 1, perPage: DEFAULT_PER_PAGE };

/** The URL query for params: defaults left out, so shared links stay short; paging: false for the CSV. */
export function toSecurityQuery(params: SecurityPageParams, options: { paging?: boolean } = {}): string {
  const q = new URLSearchParams();
  if (params.period !== DEFAULT_PERIOD) q.set("period", String(params.period));
  if (params.service) q.set("service", params.service);
  if (params.scanner) q.set("scanner", params.scanner);
  if (params.severity) q.set("severity", params.severity);
  if (params.state) q.set("state", params.state);
  if (params.sort !== DEFAULT_PARAMS.sort || params.dir !== DEFAULT_PARAMS.dir) {
    q.set("sort", params.sort);
    q.set("dir", params.dir);
  }
  if (options.paging !== false) {
    if (params.page !== 1) q.set("page", String(params.page));
    if (params.perPage !== DEFAULT_PER_PAGE) q.set("perPage", String(params.perPage));
  }
  return q.toString();
}
