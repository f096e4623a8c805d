import type { ChannelConfig } from "@/lib/platform/config";
import { createTransport, UpstreamError } from "@/lib/upstream/transport";
import { slackPayload, teamsPayload } from "./chat";
import { createEmailSender } from "./email";
import type { AlertMessage } from "./message";
import { DELIVERY_HEADER, SIGNATURE_HEADER, sign, webhookPayload } from "./webhook";
import { errorMessage } from "@/lib/domain/error-message";

export type { AlertMessage } from "./message";
export { DELIVERY_HEADER, SIGNATURE_HEADER, sign, webhookPayload, type WebhookPayload } from "./webhook";

/*
 * Delivery channels: one attempt per call (the outbox in lib/ingest/alerts retries with backoff).
 * A failure is an UpstreamError: `transient` (5xx, 429, timeout, dropped connection) is tried again,
 * anything else (a 4xx: wrong URL, revoked token) makes the delivery dead at once. Channel URLs carry
 * tokens: they are redacted from every message and never logged.
 */

export interface ChannelSender {
  readonly kind: ChannelConfig["kind"];
  send(message: AlertMessage): Promise<void>;
  close(): void;
}

export interface SenderOptions {
  timeoutMs: number;
  publicUrl: string | undefined;
}

const NAMES = { webhook: "the alert webhook", slack: "Slack", teams: "Microsoft Teams" } as const;

function httpSender(kind: "webhook" | "slack" | "teams", url: string, options: SenderOptions, build: (m: AlertMessage) => { body: string; headers: Record<string, string> }): ChannelSender {
  const parsed = new URL(url);
  const transport = createTransport({
    service: NAMES[kind],
    timeoutMs: options.timeoutMs,
    // One attempt: the outbox owns retries, so a restart loses no retry state.
    retry: { maxAttempts: 1, maxRateLimitAttempts: 1 },
    secrets: [url, parsed.pathname, parsed.search].filter((s) => s.length > 1),
  });
  return {
    kind,
    async send(m) {
      const { body, headers } = build(m);
      await transport.request({
        url,
        method: "POST",
        label: "its incoming webhook",
        headers: { "content-type": "application/json", ...headers },
        body,
        read: async (response) => void (await response.arrayBuffer()),
      });
    },
    close() {},
  };
}

export function createSender(channel: ChannelConfig, options: SenderOptions): ChannelSender {
  switch (channel.kind) {
    case "webhook":
      return httpSender("webhook", channel.url, options, (m) => {
        const body = JSON.stringify(webhookPayload(m, options.publicUrl));
        return { body, headers: { [SIGNATURE_HEADER]: sign(channel.secret, body), [DELIVERY_HEADER]: m.deliveryId } };
      });
    case "slack":
      return httpSender("slack", channel.url, options, (m) => ({ body: JSON.stringify(slackPayload(m, options.publicUrl)), headers: {} }));
    case "teams":
      return httpSender("teams", channel.url, options, (m) => ({ body: JSON.stringify(teamsPayload(m, options.publicUrl)), headers: {} }));
    case "email": {
      const sender = createEmailSender(channel, options.timeoutMs, options.publicUrl);
      return { kind: "email", send: sender.send, close: sender.close };
    }
  }
}

/** Whether a failed delivery is worth another attempt. */
export const isTransient = (error: unknown): boolean => !(error instanceof UpstreamError) || error.transient;

export const describeFailure = (error: unknown): string => errorMessage(error).slice(0, 500);
