"use client";

import { fetchPageData, NotFoundError } from "../data/fetchPageData";
import { useQuery } from "@tanstack/react-query";
import type { PipelinePageData } from "@/lib/pages/pipelines/types";
import { PipelineGraph } from "./PipelineGraph";
import { PipelineHeader } from "./PipelineHeader";
import { PipelineNotFound } from "./PipelineNotFound";
import { PipelineSkeleton } from "./PipelineSkeleton";
import { SecurityPanel } from "./SecurityPanel";

interface Props {
  id: number;
  /** Rendered on the server; null when the database could not be read then. */
  initialData: PipelinePageData | null;
  refreshIntervalMs: number;
}

/** One pipeline as a stage graph, refreshed in place so a running pipeline's jobs move without a reload. */
export function PipelineView({ id, initialData, refreshIntervalMs }: Props) {
  const { data, error, isError } = useQuery({
    queryKey: ["pipeline", id],
    queryFn: () => fetchPageData<PipelinePageData>(`/api/pipelines/${id}`),
    initialData: initialData ?? undefined,
    initialDataUpdatedAt: initialData ? Date.parse(initialData.generatedAt) : undefined,
    staleTime: refreshIntervalMs,
    refetchInterval: (query) => (query.state.error instanceof NotFoundError ? false : refreshIntervalMs),
    retry: (failures, err) => !(err instanceof NotFoundError) && failures < 1,
  });

  if (error instanceof NotFoundError) return <PipelineNotFound />;
  if (!data) {
    return isError ? (
      <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-900">
        The pipeline could not be loaded: {error.message} Retrying every {Math.round(refreshIntervalMs / 1000)} s.
      </div>
    ) : (
      <PipelineSkeleton />
    );
  }

  return (
    <div className="space-y-4" data-testid="pipeline-page" data-status={data.pipeline.status}>
      <PipelineHeader pipeline={data.pipeline} flakyJobs={data.flakyJobs} />
      {isError && (
        <p role="status" className="text-xs text-amber-800">
          Refresh failed ({error.message}); showing data from <time dateTime={data.generatedAt}>{data.generatedAt}</time>.
        </p>
      )}
      <PipelineGraph stages={data.stages} />
      <SecurityPanel security={data.security} refKind={data.pipeline.refKind} />
    </div>
  );
}
