import type { Period, ServicePageParams } from "./types";

/*
 * The service page's addresses, written alike by the server and the browser. Apart from params.ts,
 * whose zod validation (~32 kB) the browser would load for nothing: the server validates the URL.
 */

export const DEFAULT_PERIOD: Period = 30;
export const DEFAULT_PER_PAGE = 25;

/** The URL query for params: defaults left out, so shared links stay short. */
export function toServicePageQuery(params: Omit<ServicePageParams, "service">): string {
  const q = new URLSearchParams();
  if (params.period !== DEFAULT_PERIOD) q.set("period", String(params.period));
  if (params.refKind) q.set("refKind", params.refKind);
  if (params.ref) q.set("ref", params.ref);
  if (params.status) q.set("status", params.status);
  if (params.page !== 1) q.set("page", String(params.page));
  if (params.perPage !== DEFAULT_PER_PAGE) q.set("perPage", String(params.perPage));
  return q.toString();
}

/** The Tests section's API address; the period is its only parameter (default left out, as above). */
export function serviceTestsUrl(service: string, period: number): string {
  return `/api/services/${encodeURIComponent(service)}/tests${period !== DEFAULT_PERIOD ? `?period=${period}` : ""}`;
}
