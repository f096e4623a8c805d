/*
 * `npm run sync`: the sync loop on its own, for installations that run it apart from
 * the web servers. The advisory lock keeps one loop active whichever process runs it.
 */
import { ConfigError, loadConfig } from "@/lib/platform/config";
import { createDb } from "@/lib/platform/db/client";
import { logger } from "@/lib/platform/log";
import { openDatabase } from "@/lib/runtime/database";
import { openUpstream } from "@/lib/runtime/upstream";
import { createSyncLoop } from "@/lib/ingest/loop";
import { syncOptionsFromConfig } from "@/lib/runtime/sync-options";

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`stageboard: invalid configuration: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  logger.level = config.logLevel;
  // Stopped last on Ctrl-C, after the sync.
  const database = await openDatabase(config, logger, { stopsOnSignal: false });
  const upstream = await openUpstream(config, logger);
  const db = createDb(database.url);
  const sync = createSyncLoop(syncOptionsFromConfig(config, db, database.url, upstream, logger));
  sync.start();
  logger.info({ services: config.services.map((s) => s.name) }, "sync loop running; Ctrl-C stops it");

  const stop = async () => {
    await sync.stop();
    await db.$disconnect().catch(() => {});
    await upstream.close().catch(() => {});
    await database.stop().catch(() => {});
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((error: unknown) => {
  logger.fatal({ err: error instanceof Error ? error.message : String(error) }, "sync could not start");
  process.exit(1);
});
