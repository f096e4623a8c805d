import { DATABASE_DOWN, errorResponse, serializedJsonResponse } from "@/lib/web/api/responses";
import { signedInOnly } from "@/lib/web/auth/api-guard";
import { answerJson } from "@/lib/platform/cache/page-answers";
import { loadAlertCount } from "@/lib/pages/alerts/server";
import { logger } from "@/lib/platform/log";
import { viewerScope } from "@/lib/web/auth/viewer";
import { errorMessage } from "@/lib/domain/error-message";

export const dynamic = "force-dynamic";

/** How many alerts fire now (the header's indicator). */
export const GET = signedInOnly(async () => {
  try {
    return serializedJsonResponse(answerJson(await loadAlertCount(await viewerScope())));
  } catch (error) {
    logger.error({ err: errorMessage(error) }, "alert count query failed");
    return errorResponse(503, DATABASE_DOWN);
  }
});
