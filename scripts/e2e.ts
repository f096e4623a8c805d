/*
 * `npm run test:e2e`: builds the app and runs the Playwright browser tests in Debian's
 * chromium. Without chromium it says how to get it and skips, unless the run requires
 * the browser tests (STAGEBOARD_REQUIRE_E2E=1, as CI sets), in which case it fails.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  const message = `browser tests need Debian's chromium at ${chromium}: sudo apt-get install -y chromium (or set CHROMIUM_PATH)`;
  if (process.env.STAGEBOARD_REQUIRE_E2E === "1") {
    console.error(`test:e2e: ${message}`);
    process.exit(1);
  }
  console.warn(`test:e2e: SKIPPED — ${message}`);
  process.exit(0);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  const result = spawnSync(command, args, { stdio: "inherit", env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run("npx", ["--no-install", "next", "build"]);
// A fresh data folder per run; PostgreSQL (run as `postgres` under root) must be able to enter it.
const dataDir = mkdtempSync(path.join(os.tmpdir(), "stageboard-e2e-"));
chmodSync(dataDir, 0o755);
const tests = spawnSync("npx", ["--no-install", "playwright", "test", ...process.argv.slice(2)], { stdio: "inherit", env: { ...process.env, E2E_DATA_DIR: dataDir } });
if (tests.status !== 0) {
  // The servers write to log files (the token-leak test reads them): show their ends.
  for (const server of ["demo", "auth"]) {
    const log = path.join(dataDir, server, "app.log");
    if (!existsSync(log)) continue;
    console.error(`\n--- last lines of ${log}`);
    console.error(readFileSync(log, "utf8").split("\n").slice(-40).join("\n"));
  }
  process.exit(tests.status ?? 1);
}
