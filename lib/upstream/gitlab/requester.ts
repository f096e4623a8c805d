import { createRequesterFn, type FormattedResponse, type RequestHandlerFn, type ResponseBodyTypes } from "@gitbeaker/requester-utils";
import { GitlabError, describeStatus } from "./errors";
import { DEFAULT_RETRY_POLICY, backoffDelay, retryAfterMs, type RetryPolicy } from "../transport/retry-policy";

/*
 * gitbeaker's own request handler retries only 429 and 502, ignores Retry-After and
 * waits milliseconds between tries. Stageboard plugs in this one instead: per-attempt
 * timeouts, Retry-After and RateLimit-* honoured for every caller sharing the token,
 * exponential backoff with jitter on 5xx, timeouts, dropped connections and bodies
 * that are not JSON, and immediate, typed failure for a rejected token.
 */

export interface RequesterOptions {
  timeoutMs: number;
  retry?: Partial<RetryPolicy>;
  /** Aborts waits and requests when the sync is stopping. */
  signal?: AbortSignal;
  /** Called once per HTTP request sent (retries included). */
  onRequest?: (endpoint: string) => void;
  /** Called when GitLab reports its rate-limit budget. */
  onRateLimit?: (state: { remaining: number; resetAt: Date | undefined }) => void;
  onRetry?: (info: { endpoint: string; attempt: number; delayMs: number; reason: string }) => void;
}


/** When the shared rate-limit budget allows the next request. */
class RateGate {
  private openAt = 0;

  closeFor(ms: number) {
    this.openAt = Math.max(this.openAt, Date.now() + ms);
  }

  async wait(signal?: AbortSignal) {
    const delay = this.openAt - Date.now();
    if (delay > 0) await sleep(delay, signal);
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new GitlabError("aborted", "stopped"));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new GitlabError("aborted", "stopped"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function endpointLabel(endpoint: string): string {
  // Numeric ids vary; keep the route shape for messages.
  return endpoint.split("?")[0] ?? endpoint;
}

async function readJson(response: Response, endpoint: string): Promise<unknown> {
  const text = await response.text();
  if (response.status === 204 || text === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    throw new GitlabError("invalid_response", `GitLab sent a body that is not valid JSON for ${endpointLabel(endpoint)}`, response.status);
  }
}

interface SendRequest<T> {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: BodyInit;
  label: string;
  /** Reads a 2xx answer; throws to retry (cut-off body), or returns the value. */
  read: (response: Response) => Promise<T>;
}

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
async function readBounded(response: Response, maxBytes: number): Promise<BytesAnswer | TooLargeAnswer> {
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

export function createRequester(options: RequesterOptions) {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const gate = new RateGate();

  async function send<T>({ url, method, headers, body, label, read }: SendRequest<T>): Promise<T> {
    let failures = 0;
    let rateLimited = 0;

    for (;;) {
      await gate.wait(options.signal);
      options.onRequest?.(label);
      let response: Response;
      try {
        const timeout = AbortSignal.timeout(options.timeoutMs);
        response = await fetch(url, {
          method,
          headers,
          body,
          signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
        });
      } catch (error) {
        if (options.signal?.aborted) throw new GitlabError("aborted", "stopped");
        const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
        const failure = timedOut
          ? new GitlabError("timeout", `GitLab did not answer ${label} within ${options.timeoutMs} ms`)
          : new GitlabError("network", `Could not reach GitLab for ${label}: ${(error as Error).message}`);
        failures += 1;
        if (failures >= policy.maxAttempts) throw failure;
        await retryLater(label, failures, failure.message);
        continue;
      }

      noteRateLimit(response.headers);

      if (response.status === 429) {
        rateLimited += 1;
        await response.body?.cancel();
        if (rateLimited >= policy.maxRateLimitAttempts) throw describeStatus(429, label);
        const asked = retryAfterMs(response.headers);
        const delay = Math.min(policy.maxRetryAfterMs, asked ?? backoffDelay(rateLimited, policy) + policy.baseDelayMs);
        gate.closeFor(delay);
        options.onRetry?.({ endpoint: label, attempt: rateLimited, delayMs: delay, reason: "429 Too Many Requests" });
        continue;
      }

      if (response.status >= 500) {
        await response.body?.cancel();
        failures += 1;
        const failure = describeStatus(response.status, label);
        if (failures >= policy.maxAttempts) throw failure;
        await retryLater(label, failures, failure.message);
        continue;
      }

      if (!response.ok) {
        await response.body?.cancel();
        throw describeStatus(response.status, label);
      }

      try {
        return await read(response);
      } catch (error) {
        if (options.signal?.aborted) throw new GitlabError("aborted", "stopped");
        // A connection dropped mid-body or a truncated/garbled answer: worth another try.
        const failure =
          error instanceof GitlabError
            ? error
            : new GitlabError("network", `GitLab's answer for ${label} was cut off: ${(error as Error).message}`);
        failures += 1;
        if (failures >= policy.maxAttempts) throw failure;
        await retryLater(label, failures, failure.message);
      }
    }
  }

  const handle: RequestHandlerFn = async (endpoint, request = {}) => {
    const prefixUrl = String(request.prefixUrl ?? "");
    const url = new URL(endpoint, prefixUrl.endsWith("/") ? prefixUrl : `${prefixUrl}/`);
    if (typeof request.searchParams === "string") url.search = request.searchParams;
    const label = endpointLabel(endpoint);
    return send({
      url,
      method: typeof request.method === "string" ? request.method : "GET",
      headers: (request.headers ?? {}) as Record<string, string>,
      body: request.body as BodyInit | undefined,
      label,
      read: async (response) =>
        ({
          body: (await readJson(response, label)) as ResponseBodyTypes,
          headers: Object.fromEntries(response.headers.entries()),
          status: response.status,
        }) satisfies FormattedResponse,
    });
  };

  /**
   * A file's raw bytes (job artifacts are not JSON), with the same timeouts, retries and shared
   * rate-limit gate as every other request; at most maxBytes are held in memory.
   */
  function fetchBytes(url: URL, headers: Record<string, string>, maxBytes: number): Promise<BytesAnswer | TooLargeAnswer> {
    return send({ url, method: "GET", headers, label: endpointLabel(url.pathname), read: (response) => readBounded(response, maxBytes) });
  }

  async function retryLater(label: string, attempt: number, reason: string) {
    const delay = backoffDelay(attempt, policy);
    options.onRetry?.({ endpoint: label, attempt, delayMs: delay, reason });
    await sleep(delay, options.signal);
  }

  function noteRateLimit(headers: Headers) {
    const remaining = headers.get("ratelimit-remaining");
    if (remaining === null || !/^\d+$/.test(remaining.trim())) return;
    const left = Number(remaining);
    const reset = headers.get("ratelimit-reset");
    const resetAt = reset && /^\d+$/.test(reset.trim()) ? new Date(Number(reset) * 1000) : undefined;
    options.onRateLimit?.({ remaining: left, resetAt });
    // Budget spent: hold every request until GitLab's window resets.
    if (left <= 0) {
      const wait = retryAfterMs(headers);
      if (wait !== undefined) gate.closeFor(Math.min(policy.maxRetryAfterMs, wait));
    }
  }

  return {
    requesterFn: createRequesterFn((_service, requestOptions) => Promise.resolve(requestOptions), handle),
    fetchBytes,
  };
}
