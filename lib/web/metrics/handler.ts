import { exposition } from "@/lib/platform/metrics";
import { errorResponse } from "../api/responses";
import { SIGN_IN_FIRST } from "../auth/messages";
import { secretTokenMatches } from "../secret-token";

export interface MetricsAccess {
  /** METRICS_TOKEN: a scraper presenting it as a bearer token is let in without signing in. */
  token: string | undefined;
  /** Whether sign-in is on; then everyone else needs a session, as for the API. */
  signInOn: boolean;
  signedIn: () => Promise<boolean>;
}

function bearer(request: Request): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "");
  return match?.[1] ?? null;
}

/**
 * `GET /metrics` in Prometheus's text format. Guarded like the API when sign-in is on; a scraper
 * cannot sign in, so METRICS_TOKEN gives it a way in (and, when set, is required even with sign-in off).
 */
export async function handleMetrics(request: Request, access: MetricsAccess): Promise<Response> {
  const presented = bearer(request);
  const tokenOk = access.token !== undefined && presented !== null && secretTokenMatches(presented, access.token);
  if (!tokenOk) {
    if (access.token !== undefined && !access.signInOn) return errorResponse(401, "Send METRICS_TOKEN as a bearer token.");
    if (access.signInOn && !(await access.signedIn())) return errorResponse(401, SIGN_IN_FIRST);
  }
  const { contentType, body } = await exposition();
  return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
}
