import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { asAddressed } from "./addressed-request";

describe("asAddressed", () => {
  const request = (headers: Record<string, string>) =>
    new NextRequest("http://127.0.0.1:3220/api/auth/callback/gitlab?code=c&state=s", { headers });

  it("keeps the loopback address the browser used, which NextRequest turns into localhost", () => {
    const plain = request({ host: "127.0.0.1:3220" });
    expect(plain.url).toBe("http://localhost:3220/api/auth/callback/gitlab?code=c&state=s");
    expect(asAddressed(plain, undefined).url).toBe("http://127.0.0.1:3220/api/auth/callback/gitlab?code=c&state=s");
  });

  it("follows a reverse proxy's X-Forwarded-Host and -Proto", () => {
    const proxied = request({ host: "127.0.0.1:3220", "x-forwarded-host": "stageboard.example.com", "x-forwarded-proto": "https" });
    expect(asAddressed(proxied, undefined).url).toBe("https://stageboard.example.com/api/auth/callback/gitlab?code=c&state=s");
  });

  it("leaves the request alone when AUTH_URL is set (Auth.js uses it) and keeps method and body", async () => {
    const plain = request({ host: "127.0.0.1:3220" });
    expect(asAddressed(plain, "https://stageboard.example.com")).toBe(plain);
    const post = new NextRequest("http://127.0.0.1:3220/api/auth/signin/gitlab", { method: "POST", body: "csrfToken=x", headers: { host: "127.0.0.1:3220" } });
    const addressed = asAddressed(post, undefined);
    expect(addressed.method).toBe("POST");
    expect(await addressed.text()).toBe("csrfToken=x");
  });
});
