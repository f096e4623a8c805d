"use client";

import { fetchPageData } from "@/components/data/fetchPageData";
import { useQuery } from "@tanstack/react-query";
import type { OverviewData } from "@/lib/pages/overview/types";
import { OverviewSkeleton } from "./OverviewSkeleton";
import { ServiceTable } from "./ServiceTable";
import { StatusLegend } from "./StatusLegend";
import { SyncErrors } from "./SyncErrors";
import { SyncIndicator } from "./SyncIndicator";

interface Props {
  /** Rendered on the server; null when the database could not be read then. */
  initialData: OverviewData | null;
  refreshIntervalMs: number;
}

/** The overview, kept fresh in place: the server's data first, then a refetch every refresh interval. */
export function OverviewBoard({ initialData, refreshIntervalMs }: Props) {
  const { data, error, isError } = useQuery({
    queryKey: ["overview"],
    queryFn: () => fetchPageData<OverviewData>("/api/overview"),
    initialData: initialData ?? undefined,
    // The server just built it: no refetch on mount, the next one on the interval.
    initialDataUpdatedAt: initialData ? Date.parse(initialData.generatedAt) : undefined,
    staleTime: refreshIntervalMs,
    refetchInterval: refreshIntervalMs,
  });

  if (!data) {
    return isError ? (
      <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-900">
        The overview could not be loaded: {error.message} Retrying every {Math.round(refreshIntervalMs / 1000)} s.
      </div>
    ) : (
      <OverviewSkeleton />
    );
  }

  return (
    <div className="space-y-4">
      <SyncIndicator sync={data.sync} refreshError={isError ? error.message : null} />
      <SyncErrors errors={data.sync.errors} />
      {data.services.length === 0 ? (
        <div className="rounded-md border border-dashed border-slate-300 bg-white p-10 text-center text-slate-600">
          <p className="text-base font-medium">Waiting for the first sync…</p>
          <p className="mt-1 text-sm">Pipelines appear here as soon as Stageboard has read them from GitLab.</p>
        </div>
      ) : (
        <>
          <ServiceTable services={data.services} />
          <StatusLegend />
        </>
      )}
    </div>
  );
}
