import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

/*
 * Browser tests run the app exactly as `npm start` does (demo mode, embedded PostgreSQL),
 * in a fresh data folder, against Debian's chromium (Playwright cannot download browsers here).
 * Two servers: the demo as a newcomer gets it (sign-in off), and the demo with sign-in through
 * the simulated GitLab (AUTH_PROVIDER=simulator). Each writes its output to app.log in its data
 * folder, which the token-leak test reads last.
 */
export const APP_PORT = Number(process.env.E2E_PORT ?? 3210);
export const SIMULATOR_PORT = Number(process.env.E2E_SIMULATOR_PORT ?? 3211);
export const AUTH_APP_PORT = Number(process.env.E2E_AUTH_PORT ?? 3220);
export const AUTH_SIMULATOR_PORT = Number(process.env.E2E_AUTH_SIMULATOR_PORT ?? 3221);
/** Only members of this group may sign in to the sign-in server (the simulated user eve is not one). */
export const AUTH_GROUP = "cwiq";

// This file is loaded again in every test worker: values made here travel through the environment.
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), "stageboard-e2e-"));
process.env.E2E_DATA_DIR = dataDir;
process.env.E2E_AUTH_SECRET ??= `e2e-session-secret-${randomBytes(24).toString("hex")}`;
/** The sign-in server's session secret: distinct per run, so finding it anywhere means a leak. */
export const AUTH_SECRET = process.env.E2E_AUTH_SECRET;

export const SERVERS = {
  demo: { port: APP_PORT, dataDir: path.join(dataDir, "demo") },
  auth: { port: AUTH_APP_PORT, dataDir: path.join(dataDir, "auth") },
} as const;
export const logFile = (server: keyof typeof SERVERS) => path.join(SERVERS[server].dataDir, "app.log");

// As root, PostgreSQL runs as the `postgres` user, which must be able to enter the folders.
for (const folder of [dataDir, SERVERS.demo.dataDir, SERVERS.auth.dataDir]) {
  mkdirSync(folder, { recursive: true });
  chmodSync(folder, 0o755);
}

const common = { SYNC_INTERVAL_SECONDS: "5", UI_REFRESH_SECONDS: "2", BACKFILL_DAYS: "7", HOST: "127.0.0.1" };

export default defineConfig({
  testDir: "e2e",
  // Several tests wait for the first sync cycles, which read full test reports and every scan: on a
  // loaded 2-core machine those take minutes, more than a page's own test needs.
  timeout: 240_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    viewport: { width: 1280, height: 800 },
    timezoneId: "Europe/Berlin",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [
    { name: "demo", testIgnore: ["auth.spec.ts", "leaks.spec.ts"], use: { baseURL: `http://127.0.0.1:${APP_PORT}` } },
    { name: "sign-in", testMatch: "auth.spec.ts", use: { baseURL: `http://127.0.0.1:${AUTH_APP_PORT}` } },
    // Last, once both servers have served and logged everything the other tests asked of them.
    { name: "leaks", testMatch: "leaks.spec.ts", dependencies: ["demo", "sign-in"] },
  ],
  webServer: [
    {
      command: `npx tsx scripts/start.ts > "${logFile("demo")}" 2>&1`,
      url: `http://127.0.0.1:${APP_PORT}/api/health`,
      timeout: 180_000,
      reuseExistingServer: false,
      env: {
        ...common,
        PORT: String(APP_PORT),
        DEMO_SIMULATOR_PORT: String(SIMULATOR_PORT),
        STAGEBOARD_DATA_DIR: SERVERS.demo.dataDir,
        LOG_LEVEL: process.env.E2E_DEMO_LOG_LEVEL ?? "info",
      },
    },
    {
      command: `npx tsx scripts/start.ts > "${logFile("auth")}" 2>&1`,
      url: `http://127.0.0.1:${AUTH_APP_PORT}/api/health`,
      timeout: 180_000,
      reuseExistingServer: false,
      env: {
        ...common,
        PORT: String(AUTH_APP_PORT),
        DEMO_SIMULATOR_PORT: String(AUTH_SIMULATOR_PORT),
        STAGEBOARD_DATA_DIR: SERVERS.auth.dataDir,
        AUTH_PROVIDER: "simulator",
        AUTH_SECRET,
        AUTH_GITLAB_GROUP: AUTH_GROUP,
        // The most talkative level: whatever is logged must still hold no secret.
        LOG_LEVEL: "debug",
      },
    },
  ],
});
