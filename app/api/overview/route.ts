import { logger } from "@/lib/log";
import { loadOverview } from "@/lib/overview/server";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };

/** The overview page's data, for its refreshes in the browser. */
export async function GET() {
  try {
    return Response.json(await loadOverview(), { headers: NO_STORE });
  } catch (error) {
    // Details go to the log only; the browser gets a short, secret-free reason.
    logger.error({ err: error instanceof Error ? error.message : String(error) }, "overview query failed");
    return Response.json({ error: "The database is not answering." }, { status: 503, headers: NO_STORE });
  }
}
