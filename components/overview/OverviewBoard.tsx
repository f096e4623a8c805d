"use client";

import { PageState } from "@/components/data/PageState";
import { usePageQuery } from "@/components/data/usePageQuery";
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
  const pageQuery = usePageQuery({
    queryKey: ["overview"],
    url: "/api/overview",
    initialData,
    generatedAt: (data) => data.generatedAt,
    refreshIntervalMs,
  });
  const refreshError = pageQuery.isError ? pageQuery.error.message : null;

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
            <>
              <ServiceTable services={data.services} />
              <StatusLegend />
            </>
          )}
        </div>
      )}
    </PageState>
  );
}
