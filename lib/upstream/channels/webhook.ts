import { createHmac } from "node:crypto";
import type { AlertMessage } from "./message";
import { absoluteLinks, alertPageLink } from "./message";

/**
 * The generic webhook's JSON body (schema version 1, README "Alert webhook"). Signed with
 * HMAC-SHA256 over the raw body: `X-Stageboard-Signature: sha256=<hex>`, with the delivery id in
 * `X-Stageboard-Delivery` (the same on every retry, so a receiver can drop repeats).
 */
export interface WebhookPayload {
  version: 1;
  delivery_id: string;
  state: "firing" | "resolved";
  key: string;
  rule: string;
  service: string | null;
  subject: string;
  title: string;
  message: string;
  facts: Array<{ name: string; value: string }>;
  links: Array<{ label: string; url: string; kind: string }>;
  event_at: string;
  detected_at: string;
}

export const SIGNATURE_HEADER = "X-Stageboard-Signature";
export const DELIVERY_HEADER = "X-Stageboard-Delivery";

export function webhookPayload(m: AlertMessage, publicUrl: string | undefined): WebhookPayload {
  return {
    version: 1,
    delivery_id: m.deliveryId,
    state: m.kind,
    key: m.key,
    rule: m.rule,
    service: m.service,
    subject: m.subject,
    title: m.title,
    message: m.detail.message,
    facts: m.detail.facts ?? [],
    links: [...alertPageLink(m, publicUrl), ...absoluteLinks(m.detail.links, publicUrl)],
    event_at: m.eventAt.toISOString(),
    detected_at: m.detectedAt.toISOString(),
  };
}

export const sign = (secret: string, body: string): string => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
