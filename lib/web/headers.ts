/*
 * The security headers every response carries. Pages get a nonce-based Content-Security-Policy:
 * Next.js reads the nonce from the request's CSP header and puts it on its own scripts, so no
 * inline script runs without it. Styles allow 'unsafe-inline' because server-rendered charts
 * (Recharts) and Next's own markup carry style attributes, which nonces cannot cover.
 */

export interface CspOptions {
  nonce: string;
  /** `next dev` needs eval for React's debugging aids; production never does. */
  dev: boolean;
  /** Served over https: ask the browser to upgrade stray http sub-requests. */
  https: boolean;
  /** Origins a form may post to besides this one (the sign-in provider, reached by a redirect). */
  formActionOrigins?: readonly string[];
}

export function contentSecurityPolicy({ nonce, dev, https, formActionOrigins = [] }: CspOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    ["form-action 'self'", ...formActionOrigins].join(" "),
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/**
 * For responses that are not pages (API answers, static files), set by next.config.ts without a
 * proxy round: there is no nonce to give, and no inline script of ours to allow.
 */
export const FIXED_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** Headers that do not depend on the request. */
export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Frame-Options": "DENY",
  // Features a dashboard never uses; only names every browser knows, so none logs a warning.
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
};

/** A fresh, unguessable nonce for one response. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
