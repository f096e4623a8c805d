import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, createNonce, STATIC_SECURITY_HEADERS } from "./headers";

const directives = (csp: string) => new Map(csp.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));

describe("contentSecurityPolicy", () => {
  it("allows scripts only with the response's nonce, and no framing, plugins or eval in production", () => {
    const csp = directives(contentSecurityPolicy({ nonce: "abc123==", dev: false, https: false }));
    expect(csp.get("script-src")).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("form-action")).toEqual(["'self'"]);
    expect([...csp.values()].flat()).not.toContain("'unsafe-eval'");
    expect(csp.has("upgrade-insecure-requests")).toBe(false);
  });

  it("lets the sign-in form reach the provider, upgrades requests over https, and allows eval only in development", () => {
    const csp = directives(contentSecurityPolicy({ nonce: "n", dev: true, https: true, formActionOrigins: ["https://gitlab.example.com"] }));
    expect(csp.get("form-action")).toEqual(["'self'", "https://gitlab.example.com"]);
    expect(csp.has("upgrade-insecure-requests")).toBe(true);
    expect(csp.get("script-src")).toContain("'unsafe-eval'");
  });
});

describe("security headers", () => {
  it("forbid sniffing and framing and send referrers only to this origin in full", () => {
    expect(STATIC_SECURITY_HEADERS).toMatchObject({
      "X-Content-Type-Options": "nosniff",
      "X-Frame-Options": "DENY",
      "Referrer-Policy": "strict-origin-when-cross-origin",
    });
  });

  it("makes a fresh base64 nonce of 16 random bytes each time", () => {
    const nonces = new Set(Array.from({ length: 50 }, createNonce));
    expect(nonces.size).toBe(50);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});
