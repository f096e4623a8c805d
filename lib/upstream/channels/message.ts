import type { AlertDetail, AlertLink, AlertRule } from "@/lib/domain/alerts";

/** One firing or clearing, as every channel renders it. */
export interface AlertMessage {
  /** Stable per event and channel: receivers may drop a repeat (X-Stageboard-Delivery, Message-ID). */
  deliveryId: string;
  kind: "firing" | "resolved";
  key: string;
  rule: AlertRule;
  service: string | null;
  subject: string;
  title: string;
  detail: AlertDetail;
  eventAt: Date;
  detectedAt: Date;
}

/** A link made absolute: Stageboard's own paths need STAGEBOARD_URL; without it they are left out. */
export function absoluteLinks(links: readonly AlertLink[] | undefined, publicUrl: string | undefined): AlertLink[] {
  return (links ?? []).flatMap((l) => (l.kind !== "stageboard" ? [l] : publicUrl ? [{ ...l, url: publicUrl + l.url }] : []));
}

export function alertPageLink(message: AlertMessage, publicUrl: string | undefined): AlertLink[] {
  return publicUrl ? [{ label: "Alert in Stageboard", url: `${publicUrl}/alerts?key=${encodeURIComponent(message.key)}`, kind: "stageboard" }] : [];
}

export const headline = (m: AlertMessage): string => (m.kind === "firing" ? `🔴 FIRING: ${m.title}` : `✅ RESOLVED: ${m.title}`);
