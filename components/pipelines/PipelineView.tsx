"use client";

import { PageState } from "../data/PageState";
import { usePageQuery } from "../data/usePageQuery";
import type { PipelinePageData } from "@/lib/pages/pipelines/types";
import { FailedTests } from "./FailedTests";
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
  const pageQuery = usePageQuery({
    queryKey: ["pipeline", id],
    url: `/api/pipelines/${id}`,
    initialData,
    generatedAt: (data) => data.generatedAt,
    refreshIntervalMs,
    notFoundIsFinal: true,
  });
  const refreshError = pageQuery.isError ? pageQuery.error.message : null;

  return (
    <PageState
      query={pageQuery}
      subject="pipeline"
      refreshIntervalMs={refreshIntervalMs}
      skeleton={<PipelineSkeleton />}
      notFound={<PipelineNotFound />}
    >
      {(data) => (
        <div className="space-y-4" data-testid="pipeline-page" data-status={data.pipeline.status}>
          <PipelineHeader pipeline={data.pipeline} flakyJobs={data.flakyJobs} />
          {refreshError !== null && (
            <p role="status" className="text-xs text-warn">
              Refresh failed ({refreshError}); showing data from <time dateTime={data.generatedAt}>{data.generatedAt}</time>.
            </p>
          )}
          <PipelineGraph stages={data.stages} />
          <FailedTests tests={data.tests} />
          <SecurityPanel security={data.security} refKind={data.pipeline.refKind} />
        </div>
      )}
    </PageState>
  );
}
