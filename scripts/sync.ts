/*
 * `npm run sync`: the sync loop on its own, for installations that run it apart from
 * the web servers. The advisory lock keeps one loop active whichever process runs it.
 * SIGINT or SIGTERM stops it, the database last, within SHUTDOWN_TIMEOUT_SECONDS.
 */
import { ConfigError, loadConfig, type Config } from "@/lib/platform/config";
import { createDb } from "@/lib/platform/db/client";
import { logger } from "@/lib/platform/log";
import { killDatabase, openDatabase } from "@/lib/runtime/database";
import { handleShutdownSignals, shutdownTimeoutSeconds, type Shutdown } from "@/lib/runtime/shutdown";
import { startMetricsServer } from "@/lib/runtime/metrics-server";
import { openUpstream } from "@/lib/runtime/upstream";
import { startSimulator } from "@/simulator";
import { createSyncLoop } from "@/lib/ingest/loop";
import { syncOptionsFromConfig } from "@/lib/runtime/sync-options";
import { errorMessage } from "@/lib/domain/error-message";

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

async function main(shutdown: Shutdown, config: Config) {
  // Started first, so stopped last: the sync still uses it while it stops.
  const opening = openDatabase(config, logger, { stopsOnSignal: false });
  // A database that failed to start has nothing to stop (the failure is reported once, by main's caller).
  shutdown.defer("database", () => opening.then((database) => database.stop(), () => {}));
  const database = await opening;
  const upstream = await openUpstream(config, logger, startSimulator);
  shutdown.defer(upstream.demo ? "simulated GitLab" : "upstream", () => upstream.close());
  const db = createDb(database.url);
  shutdown.defer("database client", () => db.$disconnect());
  const sync = createSyncLoop(syncOptionsFromConfig(config, db, database.url, upstream, logger));
  shutdown.defer("sync loop", () => sync.stop());
  if (config.syncMetricsPort > 0) {
    const metricsServer = await startMetricsServer({ host: config.host, port: config.syncMetricsPort, token: config.metricsToken });
    shutdown.defer("metrics server", () => metricsServer.close());
    logger.info({ url: metricsServer.url }, "serving /metrics");
  }
  if (shutdown.stopping) return;
  sync.start();
  logger.info({ services: config.services.map((s) => s.name) }, "sync loop running; Ctrl-C stops it");
}

const { config, timeoutSeconds } = readConfig();
logger.level = config.logLevel;
const shutdown = handleShutdownSignals({ logger, timeoutSeconds });
shutdown.onAbandon(() => killDatabase(config, logger));

main(shutdown, config).catch((error: unknown) => {
  logger.fatal({ err: errorMessage(error) }, "sync could not start");
  void shutdown.stop("start-up failed", 1);
});
