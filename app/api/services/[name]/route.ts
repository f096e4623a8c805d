import { DATABASE_DOWN, errorResponse, serializedJsonResponse } from "@/lib/web/api/responses";
import { parseServiceName, queryProblem } from "@/lib/web/api/validation";
import { signedInOnly } from "@/lib/web/auth/api-guard";
import { answerJson } from "@/lib/platform/cache/page-answers";
import { logger } from "@/lib/platform/log";
import { parseServicePageQuery } from "@/lib/pages/services/params";
import { loadServicePage } from "@/lib/pages/services/server";
import { viewerScope } from "@/lib/web/auth/viewer";
import { errorMessage } from "@/lib/domain/error-message";

export const dynamic = "force-dynamic";

const QUERY_KEYS = ["period", "refKind", "ref", "status", "page", "perPage"] as const;

/** The service page's data (same JSON as the page renders with), for its refreshes in the browser. */
export const GET = signedInOnly(async (request: Request, { params }: { params: Promise<{ name: string }> }) => {
  const { name: raw } = await params;
  const name = parseServiceName(raw);
  if (name === null) return errorResponse(400, "A service name holds only letters, digits, '.', '_' and '-'.");
  const query = new URL(request.url).searchParams;
  const problem = queryProblem(query, QUERY_KEYS);
  if (problem) return errorResponse(400, problem);
  const parsed = parseServicePageQuery(name, query);
  if (!parsed.ok) return errorResponse(400, parsed.message);
  try {
    const data = await loadServicePage(parsed.params, await viewerScope());
    if (!data) return errorResponse(404, `No service named "${name}".`);
    return serializedJsonResponse(answerJson(data));
  } catch (error) {
    logger.error({ err: errorMessage(error), service: name }, "service page query failed");
    return errorResponse(503, DATABASE_DOWN);
  }
});
