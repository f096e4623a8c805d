import { jsonResponse } from "../api/responses";
import type { Db } from "@/lib/platform/db/client";
import type { Logger } from "@/lib/platform/log";
import { metrics } from "@/lib/platform/metrics";
import { readWebhookBody } from "./body";
import { recordWebhookEvent } from "@/lib/ingest/webhooks/queue";
import { isWebhookEventName, parseWebhook } from "@/lib/upstream/gitlab/webhook-schemas";
import { secretTokenMatches } from "../secret-token";
import { notifyWebhookArrived } from "@/lib/ingest/webhooks/wake";
import { errorMessage } from "@/lib/domain/error-message";

export interface WebhookHandlerDeps {
  /** GITLAB_WEBHOOK_SECRET; undefined: webhooks are off. */
  secret: string | undefined;
  db: () => Db;
  logger: Logger;
  maxBytes?: number;
}

/** How a delivery ended, as /metrics counts it. */
type Outcome = "off" | "bad_token" | "too_large" | "not_utf8" | "ignored_event" | "not_json" | "invalid" | "unknown_project" | "db_error" | "queued";

const answer = (outcome: Outcome, status: number, body: Record<string, unknown>) => {
  metrics().webhookDeliveries.inc({ outcome });
  return jsonResponse(body, status);
};

/**
 * `POST /api/webhooks/gitlab`. GitLab disables a hook that keeps failing or timing out, so this only
 * checks, validates and queues (one INSERT), then answers 202; the sync loop does the fetching.
 * Order: token (nothing is read for a forged one), size, event, body shape.
 */
export async function handleGitlabWebhook(request: Request, deps: WebhookHandlerDeps): Promise<Response> {
  if (!deps.secret) {
    return answer("off", 404, { error: "GitLab webhooks are off: set GITLAB_WEBHOOK_SECRET and use it as the hook's secret token." });
  }
  if (!secretTokenMatches(request.headers.get("x-gitlab-token"), deps.secret)) {
    await request.body?.cancel().catch(() => {});
    return answer("bad_token", 401, { error: "X-Gitlab-Token is missing or wrong." });
  }
  const body = await readWebhookBody(request, deps.maxBytes);
  if (body.status === "too_large") return answer("too_large", 413, { error: "The payload is larger than Stageboard accepts." });
  if (body.status === "not_utf8") return answer("not_utf8", 400, { error: "The payload is not UTF-8 text." });

  const event = request.headers.get("x-gitlab-event");
  if (!isWebhookEventName(event)) {
    return answer("ignored_event", 202, { ignored: "Stageboard reads only Pipeline Hook, Job Hook and Deployment Hook events." });
  }
  let json: unknown;
  try {
    json = JSON.parse(body.text);
  } catch {
    return answer("not_json", 400, { error: "The payload is not JSON." });
  }
  const parsed = parseWebhook(event, json);
  if (!parsed.ok) return answer("invalid", 400, { error: parsed.problem });

  try {
    const queued = await recordWebhookEvent(deps.db(), parsed.target);
    if (!queued) return answer("unknown_project", 202, { ignored: `No service follows GitLab project ${parsed.target.projectId}.` });
  } catch (error) {
    deps.logger.error({ err: errorMessage(error) }, "webhook not queued");
    // GitLab retries failed deliveries; the poller catches up either way.
    return answer("db_error", 503, { error: "The database is not answering." });
  }
  notifyWebhookArrived();
  return answer("queued", 202, { queued: parsed.target });
}
