import path from "node:path";
import type { Config } from "@/lib/platform/config";
import { killEmbeddedPostgres, startEmbeddedPostgres } from "@/lib/platform/db/embedded";
import { applyMigrations } from "@/lib/platform/db/schema-engine";
import type { Logger } from "@/lib/platform/log";

export interface RuntimeDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** Where the embedded PostgreSQL keeps its data (used when DATABASE_URL is unset). */
function embeddedDataDir(config: Config): string {
  return path.resolve(config.dataDir, "postgres");
}

/**
 * The database named by DATABASE_URL, or an embedded PostgreSQL whose data stays in the
 * data folder across restarts; either way with every committed migration applied. With
 * `stopsOnSignal: false` the caller stops an embedded one on SIGINT/SIGTERM itself, last.
 */
export async function openDatabase(config: Config, logger: Logger, options: { stopsOnSignal?: boolean } = {}): Promise<RuntimeDatabase> {
  let database: RuntimeDatabase;
  if (config.databaseUrl) {
    database = { url: config.databaseUrl, embedded: false, stop: async () => {} };
  } else {
    const dataDir = embeddedDataDir(config);
    logger.info({ dataDir }, "starting embedded PostgreSQL");
    const embedded = await startEmbeddedPostgres({ dataDir, onLog: (line) => logger.debug({ postgres: line }), stopsOnSignal: options.stopsOnSignal });
    database = { url: embedded.url, embedded: true, stop: embedded.stop };
  }
  const applied = await applyMigrations(database.url);
  if (applied.length) logger.info({ migrations: applied }, "applied database migrations");
  return database;
}

/**
 * Ends the embedded PostgreSQL at once, started or still starting, for a stop that could not finish
 * cleanly; a database named by DATABASE_URL is not this process's to end.
 */
export async function killDatabase(config: Config, logger: Logger): Promise<void> {
  if (config.databaseUrl) return;
  const pid = await killEmbeddedPostgres(embeddedDataDir(config));
  if (pid !== undefined) logger.warn({ pid }, "embedded PostgreSQL killed; its next start recovers from its write-ahead log");
}
