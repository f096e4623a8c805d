import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import type { NextAuthRequest } from "next-auth";
import { auth } from "@/lib/web/auth/instance";
import { authSettings } from "@/lib/web/auth/settings";
import { accessFor, isPublicPath } from "@/lib/web/auth/access";
import { SIGN_IN_PATH } from "@/lib/web/auth/authjs";
import { SIGN_IN_FIRST } from "@/lib/web/auth/messages";
import { contentSecurityPolicy, createNonce, STATIC_SECURITY_HEADERS } from "@/lib/web/headers";

/*
 * Runs before every page request: sets the security headers with a fresh CSP nonce, and, when
 * sign-in is on, sends whoever is not signed in to the sign-in page. API routes and static files
 * skip it (see `config`): next.config.ts gives them their fixed headers, and API routes check the
 * session themselves (lib/web/auth/api-guard.ts), which costs a polled JSON answer far less.
 */

function respond(request: NextRequest, signedIn: boolean): Response {
  const settings = authSettings();
  const { pathname, search } = request.nextUrl;
  const nonce = createNonce();
  const issuer = settings.mode === "off" ? undefined : settings.client?.issuer;
  const csp = contentSecurityPolicy({
    nonce,
    dev: process.env.NODE_ENV === "development",
    https: request.nextUrl.protocol === "https:",
    // Auth.js answers the sign-in form with a redirect to the provider, which form-action governs.
    formActionOrigins: issuer ? [new URL(issuer).origin] : [],
  });

  let response: Response;
  switch (accessFor(pathname, settings.mode !== "off", signedIn)) {
    case "unauthorized":
      response = NextResponse.json({ error: SIGN_IN_FIRST }, { status: 401, headers: { "Cache-Control": "no-store" } });
      break;
    case "sign-in": {
      const target = new URL(SIGN_IN_PATH, request.nextUrl);
      target.search = new URLSearchParams({ callbackUrl: `${pathname}${search}` }).toString();
      response = NextResponse.redirect(target);
      break;
    }
    case "allow": {
      // Next.js reads the nonce from the request's CSP header and puts it on its scripts.
      const headers = new Headers(request.headers);
      headers.set("Content-Security-Policy", csp);
      response = NextResponse.next({ request: { headers } });
    }
  }
  response.headers.set("Content-Security-Policy", csp);
  for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}

// Typed as middleware (request, event), which selects Auth.js's proxy overload of `auth`. With
// lazily read settings Auth.js hands the wrapped middleware back in a promise (its types say otherwise).
const withSession = auth((request: NextAuthRequest, _event: NextFetchEvent) => respond(request, request.auth !== null));

export async function proxy(request: NextRequest, event: NextFetchEvent) {
  if (authSettings().mode === "off" || isPublicPath(request.nextUrl.pathname)) return respond(request, false);
  const middleware = await withSession;
  const response = await middleware(request, event);
  // Auth.js would re-send the session cookie on every request to keep it rolling. A response to a
  // request that was already in flight (a prefetch) would then bring the cookie back right after
  // Sign out deleted it; so sessions do not roll: they end 8 hours after signing in.
  if (response instanceof Response) response.headers.delete("set-cookie");
  return response;
}

export const config = {
  // Pages only: not API routes, Next's static files or the icons.
  matcher: ["/((?!api/|_next/static/|_next/image|favicon.ico|icon.svg|robots.txt).*)"],
};
