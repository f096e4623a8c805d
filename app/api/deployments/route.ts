import { logger } from "@/lib/log";
import { loadDeploymentsPage } from "@/lib/deployments-page/server";
import { PERIODS, parsePeriod } from "@/lib/deployments-page/types";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };

/** The deployments page's data (board and DORA figures for `days` = 7, 30 or 90), for its refreshes. */
export async function GET(request: Request) {
  const days = parsePeriod(new URL(request.url).searchParams.get("days"));
  if (days === null) return Response.json({ error: `days must be one of ${PERIODS.join(", ")}` }, { status: 400, headers: NO_STORE });
  try {
    return Response.json(await loadDeploymentsPage(days), { headers: NO_STORE });
  } catch (error) {
    logger.error({ err: error instanceof Error ? error.message : String(error) }, "deployments query failed");
    return Response.json({ error: "The database is not answering." }, { status: 503, headers: NO_STORE });
  }
}
