import { parseServiceName, queryProblem } from "@/lib/api/validation";
import { logger } from "@/lib/log";
import { parseServicePageQuery } from "@/lib/service-page/params";
import { loadServicePage } from "@/lib/service-page/server";

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };
const QUERY_KEYS = ["period", "refKind", "ref", "status", "page", "perPage"] as const;

/** The service page's data (same JSON as the page renders with), for its refreshes in the browser. */
export async function GET(request: Request, { params }: { params: Promise<{ name: string }> }) {
  const { name: raw } = await params;
  const name = parseServiceName(raw);
  if (name === null) {
    return Response.json({ error: "A service name holds only letters, digits, '.', '_' and '-'." }, { status: 400, headers: NO_STORE });
  }
  const query = new URL(request.url).searchParams;
  const problem = queryProblem(query, QUERY_KEYS);
  if (problem) return Response.json({ error: problem }, { status: 400, headers: NO_STORE });
  const parsed = parseServicePageQuery(name, query);
  if (!parsed.ok) return Response.json({ error: parsed.message }, { status: 400, headers: NO_STORE });
  try {
    const data = await loadServicePage(parsed.params);
    if (!data) return Response.json({ error: `No service named "${name}".` }, { status: 404, headers: NO_STORE });
    return Response.json(data, { headers: NO_STORE });
  } catch (error) {
    logger.error({ err: error instanceof Error ? error.message : String(error), service: name }, "service page query failed");
    return Response.json({ error: "The database is not answering." }, { status: 503, headers: NO_STORE });
  }
}
