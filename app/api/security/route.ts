import { queryProblem } from "@/lib/api/validation";
import { logger } from "@/lib/log";
import { parseSecurityQuery, QUERY_KEYS } from "@/lib/security-page/params";
import { loadSecurityPage } from "@/lib/security-page/server";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };

/** The security page's data (same JSON as the page renders with), for its refreshes in the browser. */
export async function GET(request: Request) {
  const query = new URL(request.url).searchParams;
  const problem = queryProblem(query, QUERY_KEYS);
  if (problem) return Response.json({ error: problem }, { status: 400, headers: NO_STORE });
  const parsed = parseSecurityQuery(query);
  if (!parsed.ok) return Response.json({ error: parsed.message }, { status: 400, headers: NO_STORE });
  try {
    return Response.json(await loadSecurityPage(parsed.params), { headers: NO_STORE });
  } catch (error) {
    logger.error({ err: error instanceof Error ? error.message : String(error) }, "security page query failed");
    return Response.json({ error: "The database is not answering." }, { status: 503, headers: NO_STORE });
  }
}
