import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { publicConfig } from "@/lib/platform/config";
import { serverConfig } from "@/lib/platform/config/server";
import { logger } from "@/lib/platform/log";
import { parsePipelineId } from "@/lib/pages/pipelines/query";
import { loadPipelinePage } from "@/lib/pages/pipelines/server";
import type { PipelinePageData } from "@/lib/pages/pipelines/types";
import { PipelineView } from "@/components/pipelines/PipelineView";
import { viewerScope } from "@/lib/web/auth/viewer";
import { errorMessage } from "@/lib/domain/error-message";

export const dynamic = "force-dynamic";

interface Props {
  params: Promise<{ id: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: `Pipeline ${parsePipelineId(id) ?? ""}`.trim() };
}

export default async function PipelinePage({ params }: Props) {
  const id = parsePipelineId((await params).id);
  if (id === null) notFound();
  const { refreshIntervalMs } = publicConfig(serverConfig());
  let initialData: PipelinePageData | null = null;
  try {
    initialData = await loadPipelinePage(id, await viewerScope());
  } catch (error) {
    // Render the page anyway; the browser keeps retrying through /api/pipelines/{id}.
    logger.error({ err: errorMessage(error), pipeline: id }, "pipeline query failed");
    return <PipelineView id={id} initialData={null} refreshIntervalMs={refreshIntervalMs} />;
  }
  if (!initialData) notFound();
  return <PipelineView id={id} initialData={initialData} refreshIntervalMs={refreshIntervalMs} />;
}
