import type { ServiceOverview } from "@/lib/pages/overview/types";

/*
 * The overview's own filters, for installations with many services: a name search, "failing only",
 * and favourites (kept in the browser) shown first.
 */

export interface ServiceFilter {
  /** Part of a service name, any case; empty: every service. */
  query: string;
  failingOnly: boolean;
}

/** Failing: the latest main pipeline failed (or a stage of it did), or the service's sync is failing. */
export function isFailing(service: ServiceOverview): boolean {
  const main = service.latestMain;
  return service.sync?.error != null || main?.status === "failed" || (main?.stages.some((cell) => cell.status === "failed") ?? false);
}

export function matches(service: ServiceOverview, filter: ServiceFilter): boolean {
  const query = filter.query.trim().toLowerCase();
  return (query === "" || service.name.toLowerCase().includes(query)) && (!filter.failingOnly || isFailing(service));
}

/** The services the filter keeps, favourites apart, each group in the server's order. */
export function groupServices(services: readonly ServiceOverview[], filter: ServiceFilter, favourites: ReadonlySet<string>) {
  const shown = services.filter((service) => matches(service, filter));
  return {
    favourites: shown.filter((service) => favourites.has(service.name)),
    others: shown.filter((service) => !favourites.has(service.name)),
    shown: shown.length,
  };
}
