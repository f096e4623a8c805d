import { DATABASE_DOWN, errorResponse, jsonResponse, serializedJsonResponse } from "@/lib/web/api/responses";
import { signedInOnly } from "@/lib/web/auth/api-guard";
import { answerJson } from "@/lib/platform/cache/page-answers";
import { muteRequestSchema, parseAlertsParams } from "@/lib/pages/alerts/params";
import { loadAlertsPage, muteVisibleAlert } from "@/lib/pages/alerts/server";
import { logger } from "@/lib/platform/log";
import { viewerScope } from "@/lib/web/auth/viewer";
import { errorMessage } from "@/lib/domain/error-message";

export const dynamic = "force-dynamic";

/** /alerts' data (firing now, history, delivery problems) for the filters in the query string. */
export const GET = signedInOnly(async (request: Request) => {
  const params = new URL(request.url).searchParams;
  const parsed = parseAlertsParams((name) => params.get(name));
  if (!parsed.ok) return errorResponse(400, parsed.error);
  try {
    return serializedJsonResponse(answerJson(await loadAlertsPage(parsed.filters, await viewerScope())));
  } catch (error) {
    logger.error({ err: errorMessage(error) }, "alerts query failed");
    return errorResponse(503, DATABASE_DOWN);
  }
});

/** Mutes an alert key for 1 hour or 1 day ({ key, hours: 1 | 24 }), or unmutes it (hours: 0). */
export const POST = signedInOnly(async (request: Request) => {
  // A form post from another site cannot send JSON without a CORS preflight, which this route never allows.
  if (!request.headers.get("content-type")?.startsWith("application/json")) return errorResponse(415, "send JSON: { key, hours }");
  const body: unknown = await request.json().catch(() => null);
  const parsed = muteRequestSchema.safeParse(body);
  if (!parsed.success) return errorResponse(400, "body must be { key, hours: 0 | 1 | 24 }");
  try {
    const found = await muteVisibleAlert(parsed.data.key, parsed.data.hours, await viewerScope());
    if (!found) return errorResponse(404, "no alert with that key");
    return jsonResponse({ key: parsed.data.key, hours: parsed.data.hours });
  } catch (error) {
    logger.error({ err: errorMessage(error) }, "mute failed");
    return errorResponse(503, DATABASE_DOWN);
  }
});
