import "server-only";
import { errorResponse } from "../api/responses";
import { SIGN_IN_FIRST } from "./messages";
import { authSettings } from "./settings";

/*
 * API routes check the session themselves rather than through the proxy: the proxy (a middleware
 * round of its own per request) roughly doubles what a polled JSON answer costs the server. Pages
 * keep the proxy, which also gives them their CSP nonce. e2e/auth.spec.ts asks every API route
 * without a session and expects 401, so a route that forgets this guard fails the tests. Auth.js is
 * loaded only when sign-in is on.
 */

/** `handler`, answered only for a signed-in user when sign-in is on (401 otherwise). */
export function signedInOnly<A extends unknown[]>(handler: (...args: A) => Promise<Response>): (...args: A) => Promise<Response> {
  return async (...args: A) => {
    if (authSettings().mode !== "off") {
      const { auth } = await import("./instance");
      if ((await auth()) === null) return errorResponse(401, SIGN_IN_FIRST);
    }
    return handler(...args);
  };
}
