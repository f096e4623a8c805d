import { DATABASE_DOWN, errorResponse, serializedJsonResponse } from "@/lib/web/api/responses";
import { signedInOnly } from "@/lib/web/auth/api-guard";
import { answerJson } from "@/lib/platform/cache/page-answers";
import { logger } from "@/lib/platform/log";
import { loadOverview } from "@/lib/pages/overview/server";
import { viewerScope } from "@/lib/web/auth/viewer";
import { errorMessage } from "@/lib/domain/error-message";

export const dynamic = "force-dynamic";

/** The overview page's data, for its refreshes in the browser. */
export const GET = signedInOnly(async () => {
  try {
    return serializedJsonResponse(answerJson(await loadOverview(await viewerScope())));
  } catch (error) {
    logger.error({ err: errorMessage(error) }, "overview query failed");
    return errorResponse(503, DATABASE_DOWN);
  }
});
