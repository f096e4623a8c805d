/*
 * `npm start`: everything a newcomer needs in one process — configuration check, a build
 * when none exists, the database (embedded unless DATABASE_URL), migrations, the GitLab
 * (simulated unless GITLAB_URL), the web server and the sync loop. Ctrl-C stops it all.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import http from "node:http";
import next from "next";
import { ConfigError, loadConfig, type Config } from "@/lib/platform/config";
import { createDb } from "@/lib/platform/db/client";
import { logger } from "@/lib/platform/log";
import { openDatabase } from "@/lib/runtime/database";
import { openUpstream, startUpstreamWebhooks, withDemoWebhookSecret } from "@/lib/runtime/upstream";
import { DEFAULT_OIDC_CLIENT } from "@/simulator";
import { createSyncLoop } from "@/lib/ingest/loop";
import { syncOptionsFromConfig } from "@/lib/runtime/sync-options";

const dev = process.argv.includes("--dev");

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`stageboard: invalid configuration: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

async function main() {
  // Before the web server is prepared: its webhook route reads the secret from the environment.
  const config = withDemoWebhookSecret(readConfig());
  logger.level = config.logLevel;

  if (!dev && !existsSync(".next/BUILD_ID")) {
    logger.info("no production build yet: running `next build` (once)");
    const build = spawnSync("npx", ["--no-install", "next", "build"], { stdio: "inherit" });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }

  // Stopped last on Ctrl-C, after the web server and the sync.
  const database = await openDatabase(config, logger, { stopsOnSignal: false });
  // Route handlers and pages read the database through DATABASE_URL.
  process.env.DATABASE_URL = database.url;
  const upstream = await openUpstream(config, logger);
  if (config.auth.mode === "simulator") {
    // The demo's sign-in provider is the simulated GitLab; Auth.js reads its address from here.
    process.env.AUTH_GITLAB_URL = upstream.gitlab.url;
    process.env.AUTH_GITLAB_ID = DEFAULT_OIDC_CLIENT.id;
    process.env.AUTH_GITLAB_SECRET = DEFAULT_OIDC_CLIENT.secret;
  }

  const app = next({ dev, dir: process.cwd(), hostname: config.host, port: config.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error({ err: error instanceof Error ? error.message : String(error), url: req.url }, "request failed");
      if (!res.headersSent) res.writeHead(500).end("Internal Server Error");
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, resolve);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  // The simulated GitLab sends what a real one's project webhook would; polling then only reconciles.
  const webhooks = startUpstreamWebhooks(upstream, config, port);

  const db = createDb(database.url);
  const sync = config.syncInProcess
    ? createSyncLoop(syncOptionsFromConfig(config, db, database.url, upstream, logger))
    : undefined;
  sync?.start();

  console.log(
    `\n  Stageboard is ready: http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${port}\n` +
      (upstream.demo ? "  Demo mode: data comes from the built-in simulated CWIQ GitLab (set GITLAB_URL and GITLAB_TOKEN for yours).\n" : "") +
      (webhooks ? "  Webhooks: the simulated GitLab sends pipeline, job and deployment hooks to /api/webhooks/gitlab.\n" : "") +
      (config.auth.mode === "off" ? "  Sign-in is off (set AUTH_GITLAB_ID, AUTH_GITLAB_SECRET and AUTH_SECRET to require it).\n" : `  Sign-in: ${config.auth.mode === "simulator" ? "the simulated GitLab's users" : "GitLab"}${config.auth.group ? `, members of ${config.auth.group} only` : ""}.\n`) +
      (database.embedded ? `  Database: embedded PostgreSQL in ${config.dataDir}/postgres\n` : "") +
      "  Press Ctrl-C to stop.\n",
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping");
    // No hook may go out to a server that is closing.
    await webhooks?.stop().catch(() => {});
    server.close();
    server.closeAllConnections();
    await sync?.stop();
    await db.$disconnect().catch(() => {});
    await upstream.close().catch(() => {});
    await app.close?.().catch(() => {});
    await database.stop().catch((e: unknown) => logger.warn({ err: String(e) }, "PostgreSQL did not stop cleanly"));
    process.exit(0);
  };
  // Nothing a request or the sync does may take the server down with it.
  process.on("unhandledRejection", (reason) => {
    logger.error({ err: reason instanceof Error ? reason.message : String(reason) }, "unhandled rejection");
  });
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  logger.fatal({ err: error instanceof Error ? error.message : String(error) }, "Stageboard could not start");
  process.exit(1);
});
