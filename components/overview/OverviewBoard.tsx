"use client";

import { useState } from "react";
import { PageState } from "@/components/data/PageState";
import { usePageQuery } from "@/components/data/usePageQuery";
import type { OverviewData } from "@/lib/pages/overview/types";
import { OverviewSkeleton } from "./OverviewSkeleton";
import { groupServices, type ServiceFilter } from "./service-filter";
import { ServiceFilters } from "./ServiceFilters";
import { ServiceTable } from "./ServiceTable";
import { StatusLegend } from "./StatusLegend";
import { SyncErrors } from "./SyncErrors";
import { SyncIndicator } from "./SyncIndicator";
import { useFavourites } from "./useFavourites";

interface Props {
  /** Rendered on the server; null when the database could not be read then. */
  initialData: OverviewData | null;
  refreshIntervalMs: number;
}

/** The overview, kept fresh in place: the server's data first, then a refetch every refresh interval. */
export function OverviewBoard({ initialData, refreshIntervalMs }: Props) {
  const pageQuery = usePageQuery({
    queryKey: ["overview"],
    url: "/api/overview",
    initialData,
    generatedAt: (data) => data.generatedAt,
    refreshIntervalMs,
  });
  const refreshError = pageQuery.isError ? pageQuery.error.message : null;
  const [filter, setFilter] = useState<ServiceFilter>({ query: "", failingOnly: false });
  const { favourites, toggle } = useFavourites();

  return (
    <PageState query={pageQuery} subject="overview" refreshIntervalMs={refreshIntervalMs} skeleton={<OverviewSkeleton />}>
      {(data) => (
        <div className="space-y-4">
          <SyncIndicator sync={data.sync} refreshError={refreshError} />
          <SyncErrors errors={data.sync.errors} />
          {data.services.length === 0 && data.access ? (
            <div className="rounded-md border border-dashed border-line-strong bg-surface p-10 text-center text-muted" data-testid="no-access">
              <p className="text-base font-medium">No service to show you</p>
              <p className="mt-1 text-sm">
                {data.access.problem ??
                  "Stageboard shows the services whose GitLab projects you can read, and you are a member of none of them. Ask a project's maintainer for at least the Guest role, then sign in again."}
              </p>
            </div>
          ) : data.services.length === 0 ? (
            <div className="rounded-md border border-dashed border-line-strong bg-surface p-10 text-center text-muted">
              <p className="text-base font-medium">Waiting for the first sync…</p>
              <p className="mt-1 text-sm">Pipelines appear here as soon as Stageboard has read them from GitLab.</p>
            </div>
          ) : (
            <ServiceSections
              services={data.services}
              otherRefs={data.otherRefsListed}
              filter={filter}
              onFilter={setFilter}
              favourites={favourites}
              onToggleFavourite={toggle}
            />
          )}
        </div>
      )}
    </PageState>
  );
}

interface SectionsProps {
  services: OverviewData["services"];
  otherRefs: boolean;
  filter: ServiceFilter;
  onFilter(filter: ServiceFilter): void;
  favourites: ReadonlySet<string>;
  onToggleFavourite(name: string): void;
}

/** The filter bar, the favourite services, then the others. */
function ServiceSections({ services, otherRefs, filter, onFilter, favourites, onToggleFavourite }: SectionsProps) {
  const groups = groupServices(services, filter, favourites);
  const table = { favourites, onToggleFavourite, otherRefs };
  return (
    <>
      <ServiceFilters filter={filter} onChange={onFilter} shown={groups.shown} total={services.length} />
      {groups.favourites.length > 0 && (
        <section aria-labelledby="favourites-heading" className="space-y-2" data-testid="favourite-services">
          <h2 id="favourites-heading" className="text-sm font-semibold text-body">
            Favourites
          </h2>
          <ServiceTable services={groups.favourites} caption="Your favourite services' latest main pipelines" {...table} />
        </section>
      )}
      {groups.others.length > 0 && (
        <section aria-label={groups.favourites.length > 0 ? "Other services" : "Services"} className="space-y-2">
          {groups.favourites.length > 0 && <h2 className="text-sm font-semibold text-body">Other services</h2>}
          <ServiceTable services={groups.others} {...table} />
        </section>
      )}
      {groups.shown === 0 && (
        <p className="rounded-md border border-dashed border-line-strong bg-surface p-6 text-center text-sm text-muted" data-testid="no-service-matches">
          No service matches{filter.query.trim() ? ` “${filter.query.trim()}”` : ""}
          {filter.failingOnly ? " among the failing ones" : ""}.
        </p>
      )}
      {!otherRefs && (
        <p className="text-xs text-muted" data-testid="other-refs-elsewhere">
          With {services.length} services the board lists main pipelines only; each service&apos;s page has its branches and tags.
        </p>
      )}
      <StatusLegend />
    </>
  );
}
