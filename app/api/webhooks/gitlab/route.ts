import { serverConfig } from "@/lib/config/server";
import { getDb } from "@/lib/db/client";
import { logger } from "@/lib/log";
import { handleGitlabWebhook } from "@/lib/webhooks/handler";

export const dynamic = "force-dynamic";

/** GitLab's Pipeline, Job and Deployment Hook deliveries (see lib/webhooks/handler.ts). */
export function POST(request: Request) {
  return handleGitlabWebhook(request, { secret: serverConfig().webhookSecret, db: getDb, logger });
}
