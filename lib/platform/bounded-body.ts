export interface BytesAnswer {
  status: "ok";
  bytes: Uint8Array;
}

export interface TooLargeAnswer {
  status: "too_large";
  /** Bytes announced (Content-Length); null when the body was cut off while streaming past the limit. */
  size: number | null;
}

/**
 * A request's or response's body up to maxBytes, counted while streaming: a larger body is abandoned
 * at the limit (or at once, when Content-Length announces it) instead of being held in memory.
 */
export async function readBounded(message: Request | Response, maxBytes: number): Promise<BytesAnswer | TooLargeAnswer> {
  const announced = Number(message.headers.get("content-length") ?? "");
  if (Number.isFinite(announced) && announced > maxBytes) {
    await message.body?.cancel().catch(() => {});
    return { status: "too_large", size: announced };
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (message.body) {
    const reader = message.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        return { status: "too_large", size: null };
      }
      chunks.push(value);
    }
  }
  return { status: "ok", bytes: Buffer.concat(chunks) };
}
