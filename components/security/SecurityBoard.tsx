"use client";

import { PageState } from "@/components/data/PageState";
import { usePageQuery } from "@/components/data/usePageQuery";
import { useUrlFilters } from "@/components/data/useUrlFilters";
import dynamic from "next/dynamic";
import type { SecurityPageData, SecurityPageParams } from "@/lib/pages/security/types";
import { ChartsSkeleton } from "./ChartsSkeleton";
import { Filters } from "./Filters";
import { FindingsTable } from "./FindingsTable";
import { Problems } from "./Problems";
import { Summary } from "./Summary";
import { toSecurityQuery } from "@/lib/pages/security/url";

// Recharts is heavy: it loads only here, in the browser, after the page.
const Charts = dynamic(() => import("./Charts").then((m) => m.Charts), { ssr: false, loading: () => <ChartsSkeleton /> });

interface Props {
  /**
   * The URL's filters as the server validated them (it renders again for every new URL): the
   * validation stays on the server, out of the browser's bundle.
   */
  params: SecurityPageParams;
  /** Rendered on the server for the URL's filters; null when the database could not be read then. */
  initialData: SecurityPageData | null;
  refreshIntervalMs: number;
}

/**
 * Scan trends, open findings and the triage table: filters in the URL (shareable, back button),
 * the server's data first, then a refetch every refresh interval.
 */
export function SecurityBoard({ params, initialData, refreshIntervalMs }: Props) {
  const { query, hrefFor, setFilters, navigating } = useUrlFilters(params, toSecurityQuery);
  const initial = initialData && toSecurityQuery(initialData.params) === query ? initialData : undefined;

  const pageQuery = usePageQuery({
    queryKey: ["security-page", query],
    url: `/api/security${query ? `?${query}` : ""}`,
    initialData: initial,
    generatedAt: (data) => data.generatedAt,
    refreshIntervalMs,
    keepPreviousData: true,
  });
  const { data, error, isError, isFetching } = pageQuery;

  const updating = navigating || (isFetching && data !== undefined && toSecurityQuery(data.params) !== query);
  const nothingYet = data !== undefined && data.findings.total === 0 && !data.trends.total.some((p) => p.total > 0) && data.problems.length === 0;

  return (
    <div data-testid="security-page" className="space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-semibold tracking-tight text-ink">Security</h1>
        <span aria-live="polite" className="text-xs text-muted" data-testid="security-status">
          {updating ? "Updating…" : isError && data ? `Refresh failed: ${error.message}` : null}
        </span>
      </div>

      <Filters params={params} services={data?.services ?? []} onChange={setFilters} />

      <PageState
        query={pageQuery}
        subject="security data"
        refreshIntervalMs={refreshIntervalMs}
        skeleton={
          <div aria-busy className="space-y-4" data-testid="security-loading">
            <p className="text-sm text-muted">Loading findings…</p>
            <ChartsSkeleton />
          </div>
        }
      >
        {(data) => (
          <div className={`space-y-6 transition-opacity ${updating ? "opacity-60" : ""}`} aria-busy={updating}>
            <Problems problems={data.problems} />
            {nothingYet && !params.service && !params.scanner ? (
              <div className="rounded-md border border-dashed border-line-strong bg-surface p-10 text-center text-muted" data-testid="security-empty">
                <p className="text-base font-medium">No scan reports stored yet.</p>
                <p className="mt-1 text-sm">Findings appear here once Stageboard has read the scan artifacts of main pipelines.</p>
              </div>
            ) : (
              <>
                <Summary data={data} />
                <Charts data={data} />
              </>
            )}
            <FindingsTable data={data.findings} params={data.params} maxAgeDays={data.maxAgeDays} hrefFor={hrefFor} onSort={setFilters} />
          </div>
        )}
      </PageState>
    </div>
  );
}
