/*
 * `npm start`: everything a newcomer needs in one process — configuration check, a build
 * when none exists, the database (embedded unless DATABASE_URL), migrations, the GitLab
 * (simulated unless GITLAB_URL), the web server and the sync loop. SIGINT or SIGTERM (Ctrl-C,
 * a supervisor's stop) stops it all, the database last, within SHUTDOWN_TIMEOUT_SECONDS.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import next from "next";
import { ConfigError, loadConfig, type Config } from "@/lib/platform/config";
import { createDb } from "@/lib/platform/db/client";
import { logger } from "@/lib/platform/log";
import { killDatabase, openDatabase } from "@/lib/runtime/database";
import { handleShutdownSignals, shutdownTimeoutSeconds, type Shutdown } from "@/lib/runtime/shutdown";
import { observeRequest } from "@/lib/web/request-metrics";
import { openUpstream, startUpstreamWebhooks, withDemoWebhookSecret } from "@/lib/runtime/upstream";
import { DEFAULT_OIDC_CLIENT, startSimulator } from "@/simulator";
import { createSyncLoop } from "@/lib/ingest/loop";
import { syncOptionsFromConfig } from "@/lib/runtime/sync-options";
import { errorMessage } from "@/lib/domain/error-message";

const dev = process.argv.includes("--dev");

function readConfig(): { config: Config; timeoutSeconds: number } {
  try {
    return { config: loadConfig(), timeoutSeconds: shutdownTimeoutSeconds() };
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`stageboard: invalid configuration: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

/** `next build`, run by node directly so a stop can end it (npx would leave it running under a shell). */
async function buildOnce(shutdown: Shutdown): Promise<void> {
  logger.info("no production build yet: running `next build` (once)");
  const nextCli = createRequire(import.meta.url).resolve("next/dist/bin/next");
  const build = spawn(process.execPath, [nextCli, "build"], { stdio: "inherit" });
  shutdown.defer("next build", () => build.exitCode === null && build.signalCode === null && build.kill("SIGTERM"));
  const code = await new Promise<number | null>((resolve, reject) => {
    build.once("error", reject);
    build.once("exit", resolve);
  });
  if (code !== 0 && !shutdown.stopping) throw new Error(`next build failed (exit code ${code ?? "none"})`);
}

async function main(shutdown: Shutdown, config: Config) {
  if (!dev && !existsSync(".next/BUILD_ID")) await buildOnce(shutdown);

  // Started first, so stopped last: everything else still uses it while it stops.
  const opening = openDatabase(config, logger, { stopsOnSignal: false });
  // A database that failed to start has nothing to stop (the failure is reported once, by main's caller).
  shutdown.defer("database", () => opening.then((database) => database.stop(), () => {}));
  const database = await opening;
  // Route handlers and pages read the database through DATABASE_URL.
  process.env.DATABASE_URL = database.url;
  const upstream = await openUpstream(config, logger, startSimulator);
  shutdown.defer(upstream.demo ? "simulated GitLab" : "upstream", () => upstream.close());
  if (config.auth.mode === "simulator") {
    // The demo's sign-in provider is the simulated GitLab; Auth.js reads its address from here.
    process.env.AUTH_GITLAB_URL = upstream.gitlab.url;
    process.env.AUTH_GITLAB_ID = DEFAULT_OIDC_CLIENT.id;
    process.env.AUTH_GITLAB_SECRET = DEFAULT_OIDC_CLIENT.secret;
  }

  const db = createDb(database.url);
  shutdown.defer("database client", () => db.$disconnect());
  const sync = config.syncInProcess ? createSyncLoop(syncOptionsFromConfig(config, db, database.url, upstream, logger)) : undefined;
  if (sync) shutdown.defer("sync loop", () => sync.stop());

  const app = next({ dev, dir: process.cwd(), hostname: config.host, port: config.port });
  shutdown.defer("Next.js", () => app.close?.());
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = http.createServer((req, res) => {
    observeRequest(req, res);
    handle(req, res).catch((error: unknown) => {
      logger.error({ err: errorMessage(error), url: req.url }, "request failed");
      if (!res.headersSent) res.writeHead(500).end("Internal Server Error");
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, resolve);
  });
  shutdown.defer("web server", () => closeServer(server));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  // The simulated GitLab sends what a real one's project webhook would; polling then only reconciles.
  // Stopped first: no hook may go out to a server that is closing.
  const webhooks = startUpstreamWebhooks(upstream, config, port);
  if (webhooks) shutdown.defer("webhooks", () => webhooks.stop());
  if (shutdown.stopping) return;
  sync?.start();

  console.log(
    `\n  Stageboard is ready: http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${port}\n` +
      (upstream.demo ? "  Demo mode: data comes from the built-in simulated CWIQ GitLab (set GITLAB_URL and GITLAB_TOKEN for yours).\n" : "") +
      (webhooks ? "  Webhooks: the simulated GitLab sends pipeline, job and deployment hooks to /api/webhooks/gitlab.\n" : "") +
      (config.auth.mode === "off" ? "  Sign-in is off (set AUTH_GITLAB_ID, AUTH_GITLAB_SECRET and AUTH_SECRET to require it).\n" : `  Sign-in: ${config.auth.mode === "simulator" ? "the simulated GitLab's users" : "GitLab"}${config.auth.group ? `, members of ${config.auth.group} only` : ""}.\n`) +
      (database.embedded ? `  Database: embedded PostgreSQL in ${config.dataDir}/postgres\n` : "") +
      "  Press Ctrl-C to stop.\n",
  );
}

/** Stops accepting, ends open connections (kept-alive ones would hold the close up) and waits for the close. */
function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

// Before the web server is prepared: its webhook route reads the secret from the environment.
const { config: rawConfig, timeoutSeconds } = readConfig();
const config = withDemoWebhookSecret(rawConfig);
logger.level = config.logLevel;
const shutdown = handleShutdownSignals({ logger, timeoutSeconds });
shutdown.onAbandon(() => killDatabase(config, logger));
// Nothing a request or the sync does may take the server down with it.
process.on("unhandledRejection", (reason) => {
  logger.error({ err: errorMessage(reason) }, "unhandled rejection");
});

main(shutdown, config).catch((error: unknown) => {
  logger.fatal({ err: errorMessage(error) }, "Stageboard could not start");
  void shutdown.stop("start-up failed", 1);
});
