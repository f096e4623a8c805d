import { DATABASE_DOWN, errorResponse, serializedJsonResponse } from "@/lib/api/responses";
import { queryProblem } from "@/lib/api/validation";
import { signedInOnly } from "@/lib/auth/api-guard";
import { answerJson } from "@/lib/cache/page-answers";
import { logger } from "@/lib/log";
import { parseSecurityQuery, QUERY_KEYS } from "@/lib/security-page/params";
import { loadSecurityPage } from "@/lib/security-page/server";

export const dynamic = "force-dynamic";

/** The security page's data (same JSON as the page renders with), for its refreshes in the browser. */
export const GET = signedInOnly(async (request: Request) => {
  const query = new URL(request.url).searchParams;
  const problem = queryProblem(query, QUERY_KEYS);
  if (problem) return errorResponse(400, problem);
  const parsed = parseSecurityQuery(query);
  if (!parsed.ok) return errorResponse(400, parsed.message);
  try {
    return serializedJsonResponse(answerJson(await loadSecurityPage(parsed.params)));
  } catch (error) {
    logger.error({ err: error instanceof Error ? error.message : String(error) }, "security page query failed");
    return errorResponse(503, DATABASE_DOWN);
  }
});
