import { UpstreamError } from "./errors";

export interface BytesAnswer {
  status: "ok";
  bytes: Uint8Array;
}

export interface TooLargeAnswer {
  status: "too_large";
  /** Bytes announced (Content-Length); null when the body was cut off while streaming past the limit. */
  size: number | null;
}

/** Reads a body up to maxBytes; larger bodies are abandoned without being held in memory. */
export async function readBounded(response: Response, maxBytes: number): Promise<BytesAnswer | TooLargeAnswer> {
  const announced = Number(response.headers.get("content-length") ?? "");
  if (Number.isFinite(announced) && announced > maxBytes) {
    await response.body?.cancel();
    return { status: "too_large", size: announced };
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        return { status: "too_large", size: null };
      }
      chunks.push(value);
    }
  }
  return { status: "ok", bytes: Buffer.concat(chunks) };
}

export interface ReadJsonOptions {
  /** Names the upstream in messages, e.g. "SonarQube". */
  service: string;
  /** The route named in messages. */
  label: string;
  /**
   * Answer null for a 204 or an empty body. gitbeaker expects that; an API that always answers
   * with a document sent a broken body when it sent nothing, which is worth another try.
   */
  emptyAsNull?: boolean;
}

/**
 * The body parsed as JSON. Text that does not parse is an "invalid_response" UpstreamError, which the
 * transport retries: a truncated or garbled body is usually a proxy hiccup.
 */
export async function readJson(response: Response, { service, label, emptyAsNull = false }: ReadJsonOptions): Promise<unknown> {
  const text = await response.text();
  if (emptyAsNull && (response.status === 204 || text === "")) return null;
  try {
    return JSON.parse(text);
  } catch {
    throw new UpstreamError("invalid_response", `${service} sent a body that is not valid JSON for ${label}`, response.status);
  }
}
