import { DATABASE_DOWN, errorResponse, serializedJsonResponse } from "@/lib/web/api/responses";
import { queryProblem } from "@/lib/web/api/validation";
import { signedInOnly } from "@/lib/web/auth/api-guard";
import { answerJson } from "@/lib/platform/cache/page-answers";
import { logger } from "@/lib/platform/log";
import { parseSecurityQuery, QUERY_KEYS } from "@/lib/pages/security/params";
import { loadSecurityPage } from "@/lib/pages/security/server";
import { viewerScope } from "@/lib/web/auth/viewer";
import { errorMessage } from "@/lib/domain/error-message";

export const dynamic = "force-dynamic";

/** The security page's data (same JSON as the page renders with), for its refreshes in the browser. */
export const GET = signedInOnly(async (request: Request) => {
  const query = new URL(request.url).searchParams;
  const problem = queryProblem(query, QUERY_KEYS);
  if (problem) return errorResponse(400, problem);
  const parsed = parseSecurityQuery(query);
  if (!parsed.ok) return errorResponse(400, parsed.message);
  try {
    return serializedJsonResponse(answerJson(await loadSecurityPage(parsed.params, await viewerScope())));
  } catch (error) {
    logger.error({ err: errorMessage(error) }, "security page query failed");
    return errorResponse(503, DATABASE_DOWN);
  }
});
