import { jsonResponse } from "../api/responses";
import type { Db } from "@/lib/platform/db/client";
import type { Logger } from "@/lib/platform/log";
import { readWebhookBody } from "./body";
import { recordWebhookEvent } from "@/lib/ingest/webhooks/queue";
import { isWebhookEventName, parseWebhook } from "@/lib/upstream/gitlab/webhook-schemas";
import { webhookTokenMatches } from "./token";
import { notifyWebhookArrived } from "@/lib/ingest/webhooks/wake";

export interface WebhookHandlerDeps {
  /** GITLAB_WEBHOOK_SECRET; undefined: webhooks are off. */
  secret: string | undefined;
  db: () => Db;
  logger: Logger;
  maxBytes?: number;
}

const answer = (status: number, body: Record<string, unknown>) => jsonResponse(body, status);

/**
 * `POST /api/webhooks/gitlab`. GitLab disables a hook that keeps failing or timing out, so this only
 * checks, validates and queues (one INSERT), then answers 202; the sync loop does the fetching.
 * Order: token (nothing is read for a forged one), size, event, body shape.
 */
export async function handleGitlabWebhook(request: Request, deps: WebhookHandlerDeps): Promise<Response> {
  if (!deps.secret) {
    return answer(404, { error: "GitLab webhooks are off: set GITLAB_WEBHOOK_SECRET and use it as the hook's secret token." });
  }
  if (!webhookTokenMatches(request.headers.get("x-gitlab-token"), deps.secret)) {
    await request.body?.cancel().catch(() => {});
    return answer(401, { error: "X-Gitlab-Token is missing or wrong." });
  }
  const body = await readWebhookBody(request, deps.maxBytes);
  if (body.status === "too_large") return answer(413, { error: "The payload is larger than Stageboard accepts." });
  if (body.status === "not_utf8") return answer(400, { error: "The payload is not UTF-8 text." });

  const event = request.headers.get("x-gitlab-event");
  if (!isWebhookEventName(event)) {
    return answer(202, { ignored: "Stageboard reads only Pipeline Hook, Job Hook and Deployment Hook events." });
  }
  let json: unknown;
  try {
    json = JSON.parse(body.text);
  } catch {
    return answer(400, { error: "The payload is not JSON." });
  }
  const parsed = parseWebhook(event, json);
  if (!parsed.ok) return answer(400, { error: parsed.problem });

  try {
    const queued = await recordWebhookEvent(deps.db(), parsed.target);
    if (!queued) return answer(202, { ignored: `No service follows GitLab project ${parsed.target.projectId}.` });
  } catch (error) {
    deps.logger.error({ err: error instanceof Error ? error.message : String(error) }, "webhook not queued");
    // GitLab retries failed deliveries; the poller catches up either way.
    return answer(503, { error: "The database is not answering." });
  }
  notifyWebhookArrived();
  return answer(202, { queued: parsed.target });
}
