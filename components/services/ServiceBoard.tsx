"use client";

import { PageState } from "../data/PageState";
import { usePageQuery } from "../data/usePageQuery";
import { useUrlFilters } from "../data/useUrlFilters";
import dynamic from "next/dynamic";
import type { ReactNode } from "react";
import type { ServicePageData, ServicePageParams } from "@/lib/pages/services/types";
import { Filters } from "./Filters";
import { HeatStrip } from "./HeatStrip";
import { FailingJobsTable, FlakyJobsTable, SlowestJobsTable } from "./JobTables";
import { PipelinesTable } from "./PipelinesTable";
import { ServiceSkeleton } from "./ServiceSkeleton";
import { Summary } from "./Summary";
import { toServicePageQuery } from "@/lib/pages/services/url";
import { ChartsSkeleton } from "./ChartsSkeleton";

// Recharts is heavy: it loads only here, in the browser, after the page.
const Charts = dynamic(() => import("./Charts").then((m) => m.Charts), { ssr: false, loading: () => <ChartsSkeleton /> });

interface Props {
  service: string;
  /**
   * The URL's filters as the server validated them (it renders again for every new URL): the
   * validation stays on the server, out of the browser's bundle.
   */
  params: ServicePageParams;
  /** Rendered on the server for the URL's filters; null when the database could not be read then. */
  initialData: ServicePageData | null;
  refreshIntervalMs: number;
  /** The Tests section, streamed from the server on its own (see TestsSection). */
  tests?: ReactNode;
}

/**
 * One service's health: filters in the URL (shareable, back button), the server's data first,
 * then a refetch every refresh interval that keeps the filters and the scroll position.
 */
export function ServiceBoard({ service, params, initialData, refreshIntervalMs, tests }: Props) {
  const { query, hrefFor, setFilters, navigating } = useUrlFilters(params, toServicePageQuery);
  // The server's data only stands for the filters it was rendered with.
  const initial = initialData && toServicePageQuery(initialData.params) === query ? initialData : undefined;

  const pageQuery = usePageQuery({
    queryKey: ["service-page", service, query],
    url: `/api/services/${encodeURIComponent(service)}${query ? `?${query}` : ""}`,
    initialData: initial,
    generatedAt: (data) => data.generatedAt,
    refreshIntervalMs,
    keepPreviousData: true,
  });
  const { data, error, isError, isFetching } = pageQuery;

  const updating = navigating || (isFetching && data !== undefined && toServicePageQuery(data.params) !== query);

  return (
    <div data-testid="service-page" data-service={service} className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-semibold tracking-tight text-ink">
          {service}
          {data?.service.webUrl && (
            <a
              href={data.service.webUrl}
              target="_blank"
              rel="noopener noreferrer"
              className="ml-3 text-sm font-normal text-link hover:underline"
            >
              GitLab project<span aria-hidden> ↗</span>
            </a>
          )}
        </h1>
        <span aria-live="polite" className="text-xs text-muted">
          {updating ? "Updating…" : isError && data ? `Refresh failed: ${error.message}` : null}
        </span>
      </div>

      <Filters params={params} refs={data?.refs ?? []} onChange={setFilters} />

      <PageState query={pageQuery} subject="service" refreshIntervalMs={refreshIntervalMs} skeleton={<ServiceSkeleton />}>
        {(data) => (
          <div className={`space-y-6 transition-opacity ${updating ? "opacity-60" : ""}`} aria-busy={updating}>
            {data.heatStrip.length === 0 && data.pipelines.total === 0 && !params.refKind && !params.ref && !params.status ? (
              <div className="rounded-md border border-dashed border-line-strong bg-surface p-10 text-center text-muted">
                <p className="text-base font-medium">No pipelines stored for {service} yet.</p>
                <p className="mt-1 text-sm">They appear here as soon as Stageboard has read them from GitLab.</p>
              </div>
            ) : (
              <>
                <HeatStrip service={service} pipelines={data.heatStrip} />
                <Summary data={data} />
                <Charts data={data} />
                <div className="grid gap-6 xl:grid-cols-3">
                  <FailingJobsTable jobs={data.failingJobs} />
                  <SlowestJobsTable jobs={data.slowestJobs} />
                  <FlakyJobsTable jobs={data.flakyJobs} />
                </div>
                {tests}
                <PipelinesTable service={service} data={data.pipelines} hrefFor={hrefFor} />
              </>
            )}
          </div>
        )}
      </PageState>
    </div>
  );
}
