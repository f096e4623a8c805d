"use client";

import { PageState } from "@/components/data/PageState";
import { usePageQuery } from "@/components/data/usePageQuery";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTransition } from "react";
import { DEFAULT_PERIOD, PERIODS, parsePeriod, type DeploymentsPageData, type PeriodDays } from "@/lib/pages/deployments/types";
import { Figures } from "./Figures";
import { Breaches } from "./Breaches";
import { ReleasesTable } from "./Lists";
import { ServiceCard } from "./ServiceCard";

interface Props {
  /** Rendered on the server for the URL's period; null when the database could not be read then. */
  initialData: DeploymentsPageData | null;
  refreshIntervalMs: number;
}

/** The deployments board: the period lives in the URL; the server's data first, then a refetch every interval. */
export function DeploymentsView({ initialData, refreshIntervalMs }: Props) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [switching, startTransition] = useTransition();
  const days = parsePeriod(searchParams.get("days")) ?? DEFAULT_PERIOD;
  const initial = initialData && initialData.figures.periodDays === days ? initialData : undefined;

  const pageQuery = usePageQuery({
    queryKey: ["deployments", days],
    url: `/api/deployments?days=${days}`,
    initialData: initial,
    generatedAt: (data) => data.board.generatedAt,
    refreshIntervalMs,
    keepPreviousData: true,
  });
  const { isFetching } = pageQuery;
  const refreshError = pageQuery.isError ? pageQuery.error.message : null;

  const choose = (next: PeriodDays) =>
    startTransition(() => router.replace(next === DEFAULT_PERIOD ? pathname : `${pathname}?days=${next}`, { scroll: false }));

  return (
    <PageState
      query={pageQuery}
      subject="deployments"
      refreshIntervalMs={refreshIntervalMs}
      skeleton={<div className="h-96 animate-pulse rounded-lg border border-line bg-surface" aria-busy="true" />}
    >
      {({ board, figures }) => (
        <div className="space-y-4" data-testid="deployments-page" aria-busy={switching || (isFetching && figures.periodDays !== days)}>
          <div className="flex flex-wrap items-center justify-between gap-3">
            <h1 className="text-lg font-semibold text-ink">Deployments to dev</h1>
            <div role="group" aria-label="Period" className="inline-flex overflow-hidden rounded-md border border-line-strong bg-surface text-sm">
              {PERIODS.map((p) => (
                <button
                  key={p}
                  type="button"
                  data-testid={`period-${p}`}
                  aria-pressed={p === days}
                  onClick={() => choose(p)}
                  className={`px-3 py-1.5 ${p === days ? "bg-solid text-on-solid" : "text-body hover:bg-subtle"}`}
                >
                  {p} days
                </button>
              ))}
            </div>
          </div>
          {refreshError !== null && (
            <p role="status" className="text-xs text-warn">
              Refresh failed ({refreshError}); showing the last data.
            </p>
          )}
          {board.services.length === 0 ? (
            <div className="rounded-md border border-dashed border-line-strong bg-surface p-10 text-center text-muted">Waiting for the first sync…</div>
          ) : (
            <div className="grid grid-cols-1 gap-4 md:grid-cols-2 xl:grid-cols-4">
              {board.services.map((card) => (
                <ServiceCard key={card.service} card={card} />
              ))}
            </div>
          )}
          <Figures figures={figures} />
          <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
            <Breaches id="compliance" title="Rule compliance" summary={board.compliance} days={board.periodDays} empty="Every pipeline and .gitlab-ci.yml follows the rules." />
            <Breaches id="integrity" title="Image integrity" summary={board.integrity} days={board.periodDays} empty="Every deployment ran the image its build produced." />
          </div>
          <ReleasesTable releases={board.releases} days={board.periodDays} />
        </div>
      )}
    </PageState>
  );
}
