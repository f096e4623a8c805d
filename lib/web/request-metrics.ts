import type { IncomingMessage, ServerResponse } from "node:http";
import { metrics } from "@/lib/platform/metrics";

/*
 * Web request latency by route pattern for /metrics. The label is the route, not the URL: a
 * service's or pipeline's name becomes `[param]`, Next's assets are one label, and a request that
 * matched nothing (404) is "unmatched", so scanners probing paths cannot grow the label set.
 */

/** Route segments whose next segment is a parameter (`/services/[name]`, `/api/pipelines/[id]`). */
const PARAMETER_PARENTS = new Set(["services", "pipelines", "tests", "alerts"]);
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const MAX_SEGMENTS = 3;

export function routeLabel(url: string | undefined, status: number): string {
  if (status === 404) return "unmatched";
  const path = (url ?? "/").split("?")[0] ?? "/";
  if (path.startsWith("/_next/")) return "/_next";
  if (path.startsWith("/api/auth/")) return "/api/auth";
  const segments = path.split("/").filter((s) => s !== "");
  const label = segments.slice(0, MAX_SEGMENTS).map((segment, i) => {
    const previous = segments[i - 1];
    return previous !== undefined && PARAMETER_PARENTS.has(previous) ? "[param]" : segment;
  });
  return `/${label.join("/")}`;
}

/** Observes the request's duration once its response is sent. */
export function observeRequest(request: IncomingMessage, response: ServerResponse): void {
  const started = performance.now();
  response.once("finish", () => {
    const method = request.method && METHODS.has(request.method) ? request.method : "other";
    metrics().httpRequestSeconds.observe(
      { route: routeLabel(request.url, response.statusCode), method, status: String(response.statusCode) },
      (performance.now() - started) / 1000,
    );
  });
}
