import type { z } from "zod";
import { DEFAULT_RETRY_POLICY, backoffDelay, retryAfterMs, type RetryPolicy } from "./retry-policy";
import { UpstreamError } from "./upstream-error";

/*
 * One GET with a per-attempt timeout and retries: 5xx, timeouts, dropped connections and bodies cut
 * off mid-way are retried with exponential backoff and jitter, 429 waits for Retry-After. A rejected
 * token, a 404 or an answer of the wrong shape fails at once with a typed UpstreamError.
 */

export interface FetchJsonOptions<T> {
  /** Names the upstream in messages, e.g. "SonarQube". */
  service: string;
  headers: Record<string, string>;
  timeoutMs: number;
  schema: z.ZodType<T>;
  policy?: RetryPolicy;
  signal?: AbortSignal;
  /** Values that must never appear in an error message (the token). */
  secrets?: readonly string[];
  onRetry?: (info: { url: string; attempt: number; delayMs: number; reason: string }) => void;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new UpstreamError("network", "stopped"));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new UpstreamError("network", "stopped"));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** The path of a URL, for messages: query strings may be long and carry nothing useful. */
function routeOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url.split("?")[0] ?? url;
  }
}

function statusError(service: string, status: number, route: string): UpstreamError {
  if (status === 401 || status === 403) return new UpstreamError("auth", `${service} rejected the token (HTTP ${status} on ${route})`, status);
  if (status === 404) return new UpstreamError("not-found", `${service} answered 404 Not Found for ${route}`, status);
  if (status === 429) return new UpstreamError("rate-limited", `${service} kept answering 429 Too Many Requests for ${route}`, status);
  if (status >= 500) return new UpstreamError("server", `${service} answered HTTP ${status} for ${route}`, status);
  return new UpstreamError("malformed", `${service} answered HTTP ${status} for ${route}`, status);
}

/** First few schema problems as `path: message`, so a log line says what was wrong with the answer. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "(root)"}: ${issue.message}`)
    .join("; ");
}

function scrub(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const secret of secrets) if (secret) out = out.split(secret).join("[redacted]");
  return out;
}

export async function fetchJson<T>(url: string, options: FetchJsonOptions<T>): Promise<T> {
  try {
    return await attempt(url, options);
  } catch (error) {
    if (error instanceof UpstreamError) throw new UpstreamError(error.kind, scrub(error.message, options.secrets ?? []), error.status);
    throw error;
  }
}

async function attempt<T>(url: string, options: FetchJsonOptions<T>): Promise<T> {
  const { service, signal } = options;
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const route = routeOf(url);
  let failures = 0;
  let rateLimited = 0;

  const retryLater = async (failure: UpstreamError) => {
    failures += 1;
    if (failures >= policy.maxAttempts) throw failure;
    const delayMs = backoffDelay(failures, policy);
    options.onRetry?.({ url: route, attempt: failures, delayMs, reason: failure.message });
    await sleep(delayMs, signal);
  };

  for (;;) {
    let response: Response;
    try {
      const timeout = AbortSignal.timeout(options.timeoutMs);
      response = await fetch(url, {
        headers: { Accept: "application/json", ...options.headers },
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (error) {
      if (signal?.aborted) throw new UpstreamError("network", "stopped");
      const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
      await retryLater(
        timedOut
          ? new UpstreamError("timeout", `${service} did not answer ${route} within ${options.timeoutMs} ms`)
          : new UpstreamError("network", `Could not reach ${service} for ${route}: ${error instanceof Error ? error.message : String(error)}`),
      );
      continue;
    }

    if (response.status === 429) {
      await response.body?.cancel();
      rateLimited += 1;
      if (rateLimited >= policy.maxRateLimitAttempts) throw statusError(service, 429, route);
      const asked = retryAfterMs(response.headers);
      const delayMs = Math.min(policy.maxRetryAfterMs, asked ?? backoffDelay(rateLimited, policy) + policy.baseDelayMs);
      options.onRetry?.({ url: route, attempt: rateLimited, delayMs, reason: "429 Too Many Requests" });
      await sleep(delayMs, signal);
      continue;
    }
    if (response.status >= 500) {
      await response.body?.cancel();
      await retryLater(statusError(service, response.status, route));
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw statusError(service, response.status, route);
    }

    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      if (signal?.aborted) throw new UpstreamError("network", "stopped");
      await retryLater(new UpstreamError("network", `${service}'s answer for ${route} was cut off: ${error instanceof Error ? error.message : String(error)}`));
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      // A truncated or garbled body is usually a proxy hiccup: worth another try.
      await retryLater(new UpstreamError("malformed", `${service} sent a body that is not valid JSON for ${route}`, response.status));
      continue;
    }
    const parsed = options.schema.safeParse(json);
    if (!parsed.success) {
      throw new UpstreamError("malformed", `${service} answered ${route} in an unexpected shape: ${describeIssues(parsed.error)}`, response.status);
    }
    return parsed.data;
  }
}
