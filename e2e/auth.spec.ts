import { readdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { AUTH_GROUP, AUTH_SIMULATOR_PORT } from "../playwright.config";

/*
 * Sign-in for real: Stageboard (AUTH_PROVIDER=simulator, AUTH_GITLAB_GROUP=cwiq) sends the browser
 * to the simulated GitLab's OpenID Connect pages, which hand back a code that Auth.js redeems.
 */

const SESSION_COOKIE = "authjs.session-token";
const PROVIDER = `http://127.0.0.1:${AUTH_SIMULATOR_PORT}`;

/** From Stageboard's sign-in page, through the simulated GitLab, as one of its users. */
async function signInAs(page: Page, name: string) {
  await expect(page.getByTestId("signin-page")).toBeVisible();
  await page.getByTestId("signin-gitlab").click();
  await expect(page).toHaveURL(new RegExp(`^${PROVIDER}/oauth/authorize\\?`));
  await page.getByRole("button", { name: new RegExp(`^Sign in as ${name}`) }).click();
}

/** CSP violations on Stageboard's pages during the flow (the provider's pages are not ours). */
function watchCsp(page: Page): string[] {
  const reports: string[] = [];
  page.on("console", (message) => {
    if (page.url().startsWith(PROVIDER)) return;
    if (/Content[- ]Security[- ]Policy|Refused to/i.test(message.text())) reports.push(message.text());
  });
  return reports;
}

test("a visitor is sent to sign in, signs in through GitLab, sees the dashboard, and signs out", async ({ page, context, request }) => {
  const cspReports = watchCsp(page);
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2F$/);
  await expect(page.getByTestId("signed-in-user")).toHaveCount(0);

  await signInAs(page, "Alice Anders");
  await expect(page).toHaveURL(/:\d+\/$/);
  await expect(page.getByTestId("signed-in-user")).toHaveText("Alice Anders");
  await expect(page.getByTestId("service-row-server")).toBeVisible({ timeout: 90_000 });

  const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE);
  expect(cookie, "a session cookie").toBeDefined();
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe("Lax");
  expect(await page.evaluate(() => document.cookie)).not.toContain(SESSION_COOKIE);

  // The browser's own API calls carry the cookie; a client without it gets 401.
  expect((await page.request.get("/api/overview")).status()).toBe(200);
  const anonymous = await request.get("/api/overview", { headers: { cookie: "" } });
  expect(anonymous.status()).toBe(401);
  expect(await anonymous.json()).toEqual({ error: expect.stringContaining("Sign in") });

  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/signin\?signedOut=1$/);
  await expect(page.getByTestId("signed-out")).toBeVisible();
  expect((await context.cookies()).find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
  await page.goto("/flaky");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fflaky$/);
  expect((await page.request.get("/api/overview")).status()).toBe(401);
  expect(cspReports).toEqual([]);
});

test("signing in returns to the page that was asked for", async ({ page }) => {
  await page.goto("/services/server?period=7");
  await signInAs(page, "Alice Anders");
  await expect(page).toHaveURL(/\/services\/server\?period=7$/);
  await expect(page.getByTestId("service-page")).toBeVisible();
});

test("a GitLab user outside the allowed group is refused with a clear message", async ({ page, context }) => {
  await page.goto("/");
  await signInAs(page, "Eve Extern");
  await expect(page).toHaveURL(/\/signin\?error=NotInGroup/);
  await expect(page.getByTestId("signin-error")).toContainText(`not a member of the GitLab group “${AUTH_GROUP}”`);
  expect((await context.cookies()).find((c) => c.name === SESSION_COOKIE)).toBeUndefined();
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin/);
});

/**
 * Every API route under app/api (its dynamic segments filled in), except those open by design: API
 * routes check the session themselves, so a route that forgets to is caught here.
 */
function guardedApiPaths(): string[] {
  const open = new Set(["/api/health", "/api/webhooks/gitlab", "/api/auth/[...nextauth]"]);
  const root = path.resolve(import.meta.dirname, "../app");
  return readdirSync(path.join(root, "api"), { recursive: true, encoding: "utf8" })
    .filter((file) => path.basename(file) === "route.ts")
    .map((file) => `/api/${path.dirname(file).split(path.sep).join("/")}`)
    .filter((route) => !open.has(route))
    .map((route) => route.replace("[name]", "server").replace("[id]", "1"));
}

test("every page and API route needs the session, except health, Auth.js and webhooks", async ({ request }) => {
  const apiPaths = guardedApiPaths();
  expect(apiPaths).toEqual(expect.arrayContaining(["/api/overview", "/api/services/server", "/api/pipelines/1", "/api/security"]));
  for (const path of apiPaths) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(401);
    expect(response.headers()["content-security-policy"], path).toContain("frame-ancestors 'none'");
  }
  for (const path of ["/", "/flaky", "/services/server", "/pipelines/1"]) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(307);
    expect(response.headers().location, path).toContain("/signin?callbackUrl=");
  }
  expect((await request.get("/api/health")).status()).toBe(200);
  expect((await request.get("/api/auth/providers")).status()).toBe(200);
  // Prometheus's path is the guarded /api/metrics under another name, not a way around the guard.
  expect((await request.get("/metrics")).status()).toBe(401);
  // Webhooks authenticate with their own token: the proxy does not ask them for a session. In demo mode
  // the route has a secret (made at start for the simulated GitLab's hooks), so it refuses the missing token itself.
  const webhook = await request.post("/api/webhooks/gitlab", { data: {} });
  expect(webhook.status()).toBe(401);
  expect(await webhook.text()).toContain("X-Gitlab-Token is missing or wrong");
});

/*
 * Each user sees only the services whose GitLab projects they can read, as GitLab tells Stageboard
 * with the user's own token. Bob is a member of server, ui and executor, not of iam-api: no page, API
 * answer or CSV export may carry iam-api's data to him. Nora is a member of none.
 */
test("each user sees only the services of the GitLab projects they can read: pages, API and CSV", async ({ browser }) => {
  const alice = await browser.newContext();
  const alicePage = await alice.newPage();
  await alicePage.goto("/");
  await signInAs(alicePage, "Alice Anders");
  await expect(alicePage.getByTestId("service-row-iam-api")).toHaveAttribute("data-pipeline-id", /^\d+$/, { timeout: 90_000 });
  const iamPipeline = await alicePage.getByTestId("service-row-iam-api").getAttribute("data-pipeline-id");
  // What Bob must not get exists: Alice's export has iam-api's findings (once the scans are read).
  await expect.poll(async () => (await alicePage.request.get("/api/security/findings.csv")).text(), { timeout: 90_000 }).toMatch(/^iam-api,/m);
  await alice.close();

  const bob = await browser.newContext();
  const page = await bob.newPage();
  await page.goto("/");
  await signInAs(page, "Bob Brandt");
  await expect(page.getByTestId("service-row-server")).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId("service-row-ui")).toBeVisible();
  await expect(page.getByTestId("service-row-iam-api")).toHaveCount(0);

  const overview = await (await page.request.get("/api/overview")).json();
  expect(overview.services.map((s: { name: string }) => s.name).sort()).toEqual(["executor", "server", "ui"]);
  expect((await page.request.get("/api/services/iam-api")).status()).toBe(404);
  expect((await page.request.get(`/api/pipelines/${iamPipeline}`)).status()).toBe(404);
  expect((await page.goto("/services/iam-api"))?.status()).toBe(404);
  // The pipeline page streams (it has a loading state): the answer is its not-found view, as for an unknown id.
  await page.goto(`/pipelines/${iamPipeline}`);
  await expect(page.getByTestId("pipeline-not-found")).toBeVisible();
  expect(await page.content()).not.toContain("iam-api");
  for (const path of [
    "/api/overview",
    "/api/security",
    "/api/deployments",
    "/api/security/findings.csv",
    "/api/security/findings.csv?service=iam-api",
    "/api/tests/tests.csv?view=all",
    "/api/alerts",
  ]) {
    const body = await (await page.request.get(path)).text();
    expect(body, path).not.toContain("iam-api");
  }
  const security = await (await page.request.get("/api/security")).json();
  expect(security.services.sort()).toEqual(["executor", "server", "ui"]);
  await page.goto("/security");
  await expect(page.getByTestId("security-page")).toBeVisible();
  expect(await page.content()).not.toContain("iam-api");
  await bob.close();

  const nora = await browser.newContext();
  const noraPage = await nora.newPage();
  await noraPage.goto("/");
  await signInAs(noraPage, "Nora Newcomer");
  await expect(noraPage.getByTestId("no-access")).toContainText("you are a member of none of them");
  expect((await (await noraPage.request.get("/api/overview")).json()).services).toEqual([]);
  await nora.close();
});
