import { DATABASE_DOWN, errorResponse, jsonResponse } from "@/lib/web/api/responses";
import { signedInOnly } from "@/lib/web/auth/api-guard";
import { logger } from "@/lib/platform/log";
import { parsePipelineId } from "@/lib/pages/pipelines/query";
import { loadPipelinePage } from "@/lib/pages/pipelines/server";
import { viewerScope } from "@/lib/web/auth/viewer";
import { errorMessage } from "@/lib/domain/error-message";

export const dynamic = "force-dynamic";

/** One pipeline's stages and jobs, for the pipeline page's refreshes. */
export const GET = signedInOnly(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id: raw } = await params;
  const id = parsePipelineId(raw);
  if (id === null) return errorResponse(400, "A pipeline id is a positive whole number.");
  try {
    const data = await loadPipelinePage(id, await viewerScope());
    if (!data) return errorResponse(404, `Pipeline ${id} is not known to Stageboard.`);
    return jsonResponse(data);
  } catch (error) {
    logger.error({ err: errorMessage(error), pipeline: id }, "pipeline query failed");
    return errorResponse(503, DATABASE_DOWN);
  }
});
