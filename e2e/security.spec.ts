import { expect, test, type APIResponse, type Page } from "@playwright/test";

/* Security headers on every kind of response, and pages that run under their CSP without a violation. */

/** Pages carry a CSP with a fresh nonce for Next's scripts; API answers and static files a fixed one without inline scripts. */
function expectSecurityHeaders(response: APIResponse, what: string, kind: "page" | "fixed") {
  const headers = response.headers();
  expect(headers["content-security-policy"], what).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"], what).toMatch(kind === "page" ? /script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/ : /script-src 'self'(;|$)/);
  expect(headers["content-security-policy"], what).toContain("object-src 'none'");
  expect(headers["x-content-type-options"], what).toBe("nosniff");
  expect(headers["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
  expect(headers["x-frame-options"], what).toBe("DENY");
  expect(headers["permissions-policy"], what).toContain("camera=()");
  expect(headers["x-powered-by"], what).toBeUndefined();
}

test("every kind of response carries the security headers", async ({ request }) => {
  const page = await request.get("/");
  expect(page.status()).toBe(200);
  expectSecurityHeaders(page, "page /", "page");
  const html = await page.text();

  // Next.js put this response's nonce on its scripts, and the nonce changes per response.
  const nonce = /'nonce-([^']+)'/.exec(page.headers()["content-security-policy"] ?? "")?.[1];
  expect(nonce).toBeTruthy();
  expect(html).toContain(`nonce="${nonce}"`);
  const again = await request.get("/flaky");
  expect(again.headers()["content-security-policy"]).not.toContain(`'nonce-${nonce}'`);

  const chunk = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
  expect(chunk, "a script chunk in the page").toBeTruthy();
  const responses: [string, number, "page" | "fixed"][] = [
    ["/api/health", 200, "fixed"],
    ["/api/overview", 200, "fixed"],
    ["/api/services/server?period=abc", 400, "fixed"],
    ["/api/pipelines/..%2Fetc", 400, "fixed"],
    ["/no-such-page", 404, "page"],
    ["/signin", 200, "page"],
    [chunk ?? "", 200, "fixed"],
  ];
  for (const [path, status, kind] of responses) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(status);
    expectSecurityHeaders(response, path, kind);
  }
});

test("hostile API input gets 400 with a message, never a 500", async ({ request }) => {
  for (const path of [
    "/api/services/server'%20OR%20'1'='1",
    "/api/services/%2e%2e%2f%2e%2e%2fetc",
    "/api/services/s%C3%A9rv%C3%A9r",
    "/api/services/server?page=1e400",
    "/api/services/server?status=failed&status=success",
    "/api/services/server?ref=main%00",
    "/api/pipelines/99999999999999999999999",
    "/api/pipelines/1;DROP%20TABLE%20pipeline",
  ]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(400);
    expect(await response.json(), path).toEqual({ error: expect.any(String) });
  }
});

test("the header says sign-in is off in demo mode, and Auth.js is not answering", async ({ page, request }) => {
  await page.goto("/");
  await expect(page.getByTestId("signin-off")).toHaveText("Sign-in is off (demo mode)");
  expect((await request.get("/api/auth/session")).status()).toBe(404);
});

/** Records CSP violations (events and console reports) from the moment the page starts. */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  const console: string[] = [];
  page.on("console", (message) => {
    if (/Content[- ]Security[- ]Policy|Refused to|Permissions-Policy/i.test(message.text())) console.push(message.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (event) => {
      seen.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`);
    });
  });
  return async () => [...console, ...(await page.evaluate(() => (window as unknown as { cspViolations?: string[] }).cspViolations ?? []))];
}

test("the pages run under their Content-Security-Policy without a single violation", async ({ page }) => {
  const violations = await watchCsp(page);

  await page.goto("/");
  const row = page.getByTestId("service-row-server");
  await expect(row).toHaveAttribute("data-pipeline-id", /^\d+$/, { timeout: 90_000 });
  const pipelineId = await row.getAttribute("data-pipeline-id");
  expect(await violations()).toEqual([]);

  await page.goto("/services/server?period=30");
  await expect(page.getByTestId("chart-success-rate")).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId("pipelines-table")).toBeVisible();
  expect(await violations()).toEqual([]);

  await page.goto(`/pipelines/${pipelineId}`);
  await expect(page.getByTestId("pipeline-page")).toBeVisible();
  expect(await violations()).toEqual([]);

  await page.goto("/flaky");
  await expect(page.getByTestId("flaky-table")).toBeVisible({ timeout: 90_000 });
  // Client-side navigation and a refresh in the browser run under the policy too.
  const refreshed = page.waitForResponse((response) => response.url().includes("/api/services/server"), { timeout: 60_000 });
  await page.getByRole("link", { name: "server", exact: true }).first().click();
  await expect(page).toHaveURL(/\/services\/server/);
  expect((await refreshed).status()).toBe(200);
  expect(await violations()).toEqual([]);

  // A page that does not exist still runs its scripts: the 404 is rendered with the nonce too.
  const missing = await page.goto("/no-such-page");
  expect(missing?.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toBeVisible();
  expect(await violations()).toEqual([]);
  await page.getByRole("link", { name: "Go to the overview" }).click();
  await expect(page.getByTestId("service-row-server")).toBeVisible();
  expect(await violations()).toEqual([]);
});
