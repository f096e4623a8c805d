import { DATABASE_DOWN, errorResponse, serializedJsonResponse } from "@/lib/web/api/responses";
import { signedInOnly } from "@/lib/web/auth/api-guard";
import { answerJson } from "@/lib/platform/cache/page-answers";
import { loadDeploymentsPage } from "@/lib/pages/deployments/server";
import { PERIODS, parsePeriod } from "@/lib/pages/deployments/types";
import { logger } from "@/lib/platform/log";
import { viewerScope } from "@/lib/web/auth/viewer";
import { errorMessage } from "@/lib/domain/error-message";

export const dynamic = "force-dynamic";

/** The deployments page's data (board and DORA figures for `days` = 7, 30 or 90), for its refreshes. */
export const GET = signedInOnly(async (request: Request) => {
  const days = parsePeriod(new URL(request.url).searchParams.get("days"));
  if (days === null) return errorResponse(400, `days must be one of ${PERIODS.join(", ")}`);
  try {
    return serializedJsonResponse(answerJson(await loadDeploymentsPage(days, await viewerScope())));
  } catch (error) {
    logger.error({ err: errorMessage(error) }, "deployments query failed");
    return errorResponse(503, DATABASE_DOWN);
  }
});
