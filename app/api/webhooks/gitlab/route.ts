import { serverConfig } from "@/lib/platform/config/server";
import { getDb } from "@/lib/platform/db/client";
import { logger } from "@/lib/platform/log";
import { handleGitlabWebhook } from "@/lib/web/webhooks/handler";

export const dynamic = "force-dynamic";

/** GitLab's Pipeline, Job and Deployment Hook deliveries (see lib/web/webhooks/handler.ts). */
export function POST(request: Request) {
  return handleGitlabWebhook(request, { secret: serverConfig().webhookSecret, db: getDb, logger });
}
