import type { z } from "zod";
import { readBounded, type BytesAnswer, type TooLargeAnswer } from "@/lib/platform/bounded-body";
import { metrics } from "@/lib/platform/metrics";
import { endpointLabel } from "./endpoint-label";
import { readJson } from "./body";
import { UpstreamError, statusError, stopped } from "./errors";
import type { RequestBudget } from "./request-budget";
import { DEFAULT_RETRY_POLICY, backoffDelay, retryAfterMs, type RetryPolicy } from "./retry-policy";
import { sleep } from "./sleep";
import { errorMessage } from "@/lib/domain/error-message";

/*
 * The one way Stageboard talks HTTP to GitLab, SonarQube and DefectDojo. Each attempt has its own
 * timeout and waits its turn under a request budget, if one is set. A 429's Retry-After (or
 * RateLimit-Reset) and a spent RateLimit-Remaining budget hold every request sharing the transport,
 * since they share the token the limit counts. 5xx, timeouts, dropped
 * connections and bodies cut off or garbled are retried with exponential backoff and jitter. A
 * rejected token, a 404 or an answer of the wrong shape fails at once: trying again cannot help.
 */

export interface RetryInfo {
  endpoint: string;
  attempt: number;
  delayMs: number;
  reason: string;
}

export interface RateLimitState {
  remaining: number;
  resetAt: Date | undefined;
}

export interface TransportOptions {
  /** Names the upstream in messages: "GitLab", "SonarQube", "DefectDojo". */
  service: string;
  timeoutMs: number;
  retry?: Partial<RetryPolicy>;
  /** Aborts waits and requests when the sync is stopping. */
  signal?: AbortSignal;
  /** Values that must never appear in an error message (the token, a header built from it). */
  secrets?: readonly string[];
  /** The sync's own ceiling on requests per minute, shared by every client of one upstream. */
  budget?: RequestBudget;
  /** Called once per HTTP request sent (retries included). */
  onRequest?: (endpoint: string) => void;
  /** Called when the upstream reports its rate-limit budget. */
  onRateLimit?: (state: RateLimitState) => void;
  onRetry?: (info: RetryInfo) => void;
}

export interface TransportRequest<T> {
  url: URL | string;
  method?: string;
  headers: Record<string, string>;
  body?: BodyInit;
  /** The route named in messages and hooks; the URL's path by default. */
  label?: string;
  /**
   * Reads a 2xx answer. An UpstreamError it throws is retried as it is; any other error means the
   * connection dropped mid-body and is retried as a cut-off answer.
   */
  read: (response: Response) => Promise<T>;
}

export interface Transport {
  readonly service: string;
  /** One request with every rule above; the answer is whatever `read` makes of a 2xx response. */
  request<T>(request: TransportRequest<T>): Promise<T>;
  /** A GET whose JSON answer must match `schema`. */
  getJson<T>(url: URL | string, headers: Record<string, string>, schema: z.ZodType<T>): Promise<T>;
  /** A GET for raw bytes (a job artifact), holding at most maxBytes in memory. */
  getBytes(url: URL | string, headers: Record<string, string>, maxBytes: number): Promise<BytesAnswer | TooLargeAnswer>;
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

/** The path of a URL, for messages: query strings may be long and carry nothing useful. */
function routeOf(url: URL | string): string {
  if (typeof url !== "string") return url.pathname;
  try {
    return new URL(url).pathname;
  } catch {
    return url.split("?")[0] ?? url;
  }
}

/** First few schema problems as `path: message`, so a log line says what was wrong with the answer. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "(root)"}: ${issue.message}`)
    .join("; ");
}


export function createTransport(options: TransportOptions): Transport {
  const { service, signal } = options;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const secrets = (options.secrets ?? []).filter((secret) => secret !== "");
  const gate = new RateGate();
  const { upstreamRequests, rateLimitRemaining } = metrics();
  const counted = (label: string, status: string) => upstreamRequests.inc({ upstream: service, endpoint: endpointLabel(label), status });

  // Upstreams echo what they were sent (a URL, a header) in error bodies and proxies in connection errors.
  function redacted(error: unknown): unknown {
    if (!(error instanceof UpstreamError)) return error;
    let message = error.message;
    for (const secret of secrets) message = message.split(secret).join("[redacted]");
    return message === error.message ? error : new UpstreamError(error.kind, message, error.status);
  }

  async function attempts<T>(request: TransportRequest<T>): Promise<T> {
    const label = request.label ?? routeOf(request.url);
    let failures = 0;
    let rateLimited = 0;

    const retryLater = async (failure: UpstreamError) => {
      failures += 1;
      if (failures >= policy.maxAttempts) throw failure;
      const delayMs = backoffDelay(failures, policy);
      options.onRetry?.({ endpoint: label, attempt: failures, delayMs, reason: failure.message });
      await sleep(delayMs, signal);
    };

    for (;;) {
      await gate.wait(signal);
      await options.budget?.take(signal);
      options.onRequest?.(label);
      let response: Response;
      try {
        const timeout = AbortSignal.timeout(options.timeoutMs);
        response = await fetch(request.url, {
          method: request.method ?? "GET",
          headers: request.headers,
          body: request.body,
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
      } catch (error) {
        if (signal?.aborted) throw stopped();
        const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
        counted(label, timedOut ? "timeout" : "network");
        await retryLater(
          timedOut
            ? new UpstreamError("timeout", `${service} did not answer ${label} within ${options.timeoutMs} ms`)
            : new UpstreamError("network", `Could not reach ${service} for ${label}: ${errorMessage(error)}`),
        );
        continue;
      }

      counted(label, String(response.status));
      noteRateLimit(response.headers);

      if (response.status === 429) {
        await response.body?.cancel();
        rateLimited += 1;
        if (rateLimited >= policy.maxRateLimitAttempts) throw statusError(service, 429, label);
        const asked = retryAfterMs(response.headers);
        const delayMs = Math.min(policy.maxRetryAfterMs, asked ?? backoffDelay(rateLimited, policy) + policy.baseDelayMs);
        // The gate, not a local sleep: every request on this token waits as the upstream asked.
        gate.closeFor(delayMs);
        options.onRetry?.({ endpoint: label, attempt: rateLimited, delayMs, reason: "429 Too Many Requests" });
        continue;
      }
      if (response.status >= 500) {
        await response.body?.cancel();
        await retryLater(statusError(service, response.status, label));
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw statusError(service, response.status, label);
      }

      try {
        return await request.read(response);
      } catch (error) {
        if (signal?.aborted) throw stopped();
        await retryLater(error instanceof UpstreamError ? error : new UpstreamError("network", `${service}'s answer for ${label} was cut off: ${errorMessage(error)}`));
      }
    }
  }

  function noteRateLimit(headers: Headers) {
    const remaining = headers.get("ratelimit-remaining");
    if (remaining === null || !/^\d+$/.test(remaining.trim())) return;
    const left = Number(remaining);
    const reset = headers.get("ratelimit-reset");
    const resetAt = reset && /^\d+$/.test(reset.trim()) ? new Date(Number(reset) * 1000) : undefined;
    rateLimitRemaining.set({ upstream: service }, left);
    options.onRateLimit?.({ remaining: left, resetAt });
    // Budget spent: hold every request until the window resets.
    if (left <= 0) {
      const wait = retryAfterMs(headers);
      if (wait !== undefined) gate.closeFor(Math.min(policy.maxRetryAfterMs, wait));
    }
  }

  async function request<T>(request: TransportRequest<T>): Promise<T> {
    try {
      return await attempts(request);
    } catch (error) {
      throw redacted(error);
    }
  }

  return {
    service,
    request,

    async getJson<T>(url: URL | string, headers: Record<string, string>, schema: z.ZodType<T>): Promise<T> {
      const label = routeOf(url);
      const answer = await request({
        url,
        headers: { Accept: "application/json", ...headers },
        label,
        read: async (response) => ({ json: await readJson(response, { service, label }), status: response.status }),
      });
      // Parsed after the retries: the same answer again would not have another shape.
      const parsed = schema.safeParse(answer.json);
      if (!parsed.success) {
        throw redacted(new UpstreamError("invalid_response", `${service} answered ${label} in an unexpected shape: ${describeIssues(parsed.error)}`, answer.status));
      }
      return parsed.data;
    },

    getBytes(url: URL | string, headers: Record<string, string>, maxBytes: number): Promise<BytesAnswer | TooLargeAnswer> {
      return request({ url, headers, read: (response) => readBounded(response, maxBytes) });
    },
  };
}
