import type { ServicePageParams } from "@/lib/pages/services/types";

/*
 * The browser's copy of toServicePageQuery (lib/pages/services/params): that module also holds
 * the zod validation, ~32 kB the page would load for nothing, since the server validates the URL.
 * url.test.ts keeps the two equal.
 */

const DEFAULT_PERIOD = 30;
const DEFAULT_PER_PAGE = 25;

/** The URL query for params: defaults left out, so shared links stay short. */
export function serviceQuery(params: Omit<ServicePageParams, "service">): string {
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
