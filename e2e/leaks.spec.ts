import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { AUTH_APP_PORT, AUTH_SECRET, AUTH_SIMULATOR_PORT, APP_PORT, logFile } from "../playwright.config";

/*
 * No secret in any client bundle, API response, page or log line. Runs after the other browser
 * tests, so the logs hold everything both servers did for them. The secrets: the demo upstreams'
 * tokens (the app uses them in demo mode), the simulated GitLab's OIDC client secret, and the
 * sign-in server's session secret, which is random per run.
 */
const SECRETS = {
  "GitLab token": "glpat-stageboard-simulator",
  "SonarQube token": "squ_stageboard_simulator",
  "DefectDojo token": "stageboard-dojo-simulator-key",
  "OIDC client secret": "stageboard-demo-oidc-client-secret",
  "session secret": AUTH_SECRET ?? "",
};

function leaksIn(text: string): string[] {
  return Object.entries(SECRETS)
    .filter(([, secret]) => secret !== "" && text.includes(secret))
    .map(([name]) => name);
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: "utf8" })
    .map((name) => path.join(folder, name))
    .filter((file) => statSync(file).isFile());
}

test("the session secret is set for the run, so searching for it means something", () => {
  expect(AUTH_SECRET).toMatch(/^e2e-session-secret-[0-9a-f]{48}$/);
});

test("no client bundle holds a secret", () => {
  const files = filesUnder(path.join(".next", "static"));
  expect(files.filter((f) => f.endsWith(".js")).length).toBeGreaterThan(0);
  const leaks = files.flatMap((file) => leaksIn(readFileSync(file, "latin1")).map((name) => `${name} in ${file}`));
  expect(leaks).toEqual([]);
});

test("no page or API response holds a secret, signed in or not", async ({ browser, playwright }) => {
  const paths = ["/", "/flaky", "/services/server", "/services/ui?period=90", "/signin", "/api/health", "/api/overview", "/api/services/server", "/api/services/executor?refKind=tag"];
  const bodies: [string, string][] = [];
  const collect = async (get: (url: string) => Promise<{ text(): Promise<string>; headers(): Record<string, string> }>, base: string) => {
    for (const p of paths) {
      const response = await get(`${base}${p}`);
      bodies.push([`${base}${p}`, `${JSON.stringify(response.headers())}\n${await response.text()}`]);
    }
    const overview = bodies.find(([url]) => url === `${base}/api/overview`)?.[1] ?? "";
    const pipeline = /"pipeline":\{"id":(\d+)/.exec(overview)?.[1] ?? /"id":(\d+)/.exec(overview)?.[1];
    if (pipeline) {
      for (const p of [`/pipelines/${pipeline}`, `/api/pipelines/${pipeline}`]) {
        const response = await get(`${base}${p}`);
        bodies.push([`${base}${p}`, await response.text()]);
      }
    }
  };

  const demo = await playwright.request.newContext();
  await collect((url) => demo.get(url), `http://127.0.0.1:${APP_PORT}`);
  await demo.dispose();

  // Signed in on the sign-in server, including Auth.js's own endpoints.
  const auth = `http://127.0.0.1:${AUTH_APP_PORT}`;
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${auth}/`);
  await page.getByTestId("signin-gitlab").click();
  await expect(page).toHaveURL(new RegExp(`^http://127\\.0\\.0\\.1:${AUTH_SIMULATOR_PORT}/oauth/authorize`));
  await page.getByRole("button", { name: /^Sign in as Alice Anders/ }).click();
  await expect(page.getByTestId("signed-in-user")).toBeVisible();
  await collect((url) => page.request.get(url), auth);
  for (const p of ["/api/auth/session", "/api/auth/providers", "/api/auth/csrf"]) {
    const response = await page.request.get(`${auth}${p}`);
    bodies.push([`${auth}${p}`, await response.text()]);
  }
  const cookies = JSON.stringify(await context.cookies());
  await context.close();

  expect(bodies.length).toBeGreaterThan(paths.length * 2);
  const session = bodies.find(([url]) => url.endsWith("/api/auth/session"))?.[1] ?? "";
  expect(session).toContain("Alice Anders");
  const leaks = [...bodies, ["cookies", cookies]].flatMap(([url, text]) => leaksIn(text ?? "").map((name) => `${name} in ${url}`));
  expect(leaks).toEqual([]);
});

test("no log line holds a secret", () => {
  for (const server of ["demo", "auth"] as const) {
    const log = readFileSync(logFile(server), "utf8");
    // The log is the real thing: start-up, and (at debug on the sign-in server) the sync's chatter.
    expect(log, server).toContain("Stageboard is ready");
    expect(log.split("\n").length, server).toBeGreaterThan(3);
    expect(leaksIn(log).map((name) => `${name} in ${server} log`)).toEqual([]);
  }
});
