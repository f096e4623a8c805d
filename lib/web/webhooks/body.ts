import { readBounded } from "@/lib/platform/bounded-body";

/** At most this many bytes of a webhook body are read (GitLab's payloads are far smaller). */
export const MAX_WEBHOOK_BYTES = 1 << 20;

export type BodyRead = { status: "ok"; text: string } | { status: "too_large" } | { status: "not_utf8" };

/**
 * The request body as UTF-8 text, bounded (see readBounded); invalid UTF-8 is refused, not replaced.
 */
export async function readWebhookBody(request: Request, maxBytes = MAX_WEBHOOK_BYTES): Promise<BodyRead> {
  const read = await readBounded(request, maxBytes);
  if (read.status === "too_large") return { status: "too_large" };
  try {
    return { status: "ok", text: new TextDecoder("utf-8", { fatal: true }).decode(read.bytes) };
  } catch {
    return { status: "not_utf8" };
  }
}
