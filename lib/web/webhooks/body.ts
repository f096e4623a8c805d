/** At most this many bytes of a webhook body are read (GitLab's payloads are far smaller). */
export const MAX_WEBHOOK_BYTES = 1 << 20;

export type BodyRead = { status: "ok"; text: string } | { status: "too_large" } | { status: "not_utf8" };

/**
 * The request body as UTF-8 text, read from the stream with a running count so an oversized body
 * is abandoned at the limit instead of being held in memory; invalid UTF-8 is refused, not replaced.
 */
export async function readWebhookBody(request: Request, maxBytes = MAX_WEBHOOK_BYTES): Promise<BodyRead> {
  const announced = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(announced) && announced > maxBytes) {
    await request.body?.cancel().catch(() => {});
    return { status: "too_large" };
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        return { status: "too_large" };
      }
      chunks.push(value);
    }
  }
  try {
    return { status: "ok", text: new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks)) };
  } catch {
    return { status: "not_utf8" };
  }
}
