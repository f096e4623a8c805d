import { logger } from "@/lib/log";
import { parsePipelineId } from "@/lib/pipeline-page/query";
import { loadPipelinePage } from "@/lib/pipeline-page/server";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };

/** One pipeline's stages and jobs, for the pipeline page's refreshes. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id: raw } = await params;
  const id = parsePipelineId(raw);
  if (id === null) {
    return Response.json({ error: "A pipeline id is a positive whole number." }, { status: 400, headers: NO_STORE });
  }
  try {
    const data = await loadPipelinePage(id);
    if (!data) return Response.json({ error: `Pipeline ${id} is not known to Stageboard.` }, { status: 404, headers: NO_STORE });
    return Response.json(data, { headers: NO_STORE });
  } catch (error) {
    logger.error({ err: error instanceof Error ? error.message : String(error), pipeline: id }, "pipeline query failed");
    return Response.json({ error: "The database is not answering." }, { status: 503, headers: NO_STORE });
  }
}
