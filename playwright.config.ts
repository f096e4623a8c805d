import { chmodSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

/*
 * Browser tests run the app exactly as `npm start` does (demo mode, embedded PostgreSQL),
 * in a fresh data folder, against Debian's chromium (Playwright cannot download browsers here).
 */
export const APP_PORT = Number(process.env.E2E_PORT ?? 3210);
export const SIMULATOR_PORT = Number(process.env.E2E_SIMULATOR_PORT ?? 3211);
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), "stageboard-e2e-"));
// As root, PostgreSQL runs as the `postgres` user, which must be able to enter the folder.
chmodSync(dataDir, 0o755);
process.env.E2E_DATA_DIR = dataDir;

export default defineConfig({
  testDir: "e2e",
  timeout: 90_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${APP_PORT}`,
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
  webServer: {
    command: "npx tsx scripts/start.ts",
    url: `http://127.0.0.1:${APP_PORT}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(APP_PORT),
      HOST: "127.0.0.1",
      DEMO_SIMULATOR_PORT: String(SIMULATOR_PORT),
      STAGEBOARD_DATA_DIR: dataDir,
      SYNC_INTERVAL_SECONDS: "5",
      UI_REFRESH_SECONDS: "2",
      BACKFILL_DAYS: "7",
      LOG_LEVEL: "warn",
    },
  },
});
