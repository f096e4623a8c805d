/*
 * Which requests need a signed-in user when sign-in is on. Everything does, except what must work
 * before signing in (the sign-in page and Auth.js's own routes, the static files they load), the
 * health check for load balancers, GitLab webhooks, which carry their own token, and /metrics, which
 * checks a session or a scraper's token itself (lib/web/metrics/handler.ts).
 */

const PUBLIC_PREFIXES = ["/api/auth/", "/api/webhooks/", "/_next/static/", "/_next/image"];
const PUBLIC_PATHS = new Set(["/signin", "/api/health", "/api/auth", "/metrics", "/favicon.ico", "/icon.svg", "/robots.txt"]);

export function isPublicPath(pathname: string): boolean {
  return PUBLIC_PATHS.has(pathname) || PUBLIC_PREFIXES.some((prefix) => pathname.startsWith(prefix));
}

export type Access = "allow" | "sign-in" | "unauthorized";

/** What to do with a request: pass it on, send a browser to the sign-in page, or answer an API client 401. */
export function accessFor(pathname: string, signInOn: boolean, signedIn: boolean): Access {
  if (!signInOn || signedIn || isPublicPath(pathname)) return "allow";
  return pathname === "/api" || pathname.startsWith("/api/") ? "unauthorized" : "sign-in";
}

/** Where to return after signing in: only a path on this site, never another origin. */
export function safeCallbackPath(raw: string | null | undefined): string {
  if (!raw || !raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return "/";
  return raw;
}
