import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "@/lib/platform/db/embedded";
import { applyMigrations } from "@/lib/platform/db/schema-engine";

/** A fresh, migrated database for one benchmark: on BENCH_DATABASE_URL's server, or embedded. */
export async function benchDatabase(): Promise<{ url: string; close(): Promise<void> }> {
  const name = `bench_${Date.now()}`;
  let adminUrl = process.env.BENCH_DATABASE_URL;
  let stopEmbedded = async () => {};
  if (!adminUrl) {
    const dir = await mkdtemp(path.join(os.tmpdir(), "stageboard-bench-"));
    await chmod(dir, 0o755);
    const embedded = await startEmbeddedPostgres({ dataDir: path.join(dir, "data"), database: "postgres" });
    adminUrl = embedded.url;
    stopEmbedded = async () => {
      await embedded.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await applyMigrations(url.toString());
  return {
    url: url.toString(),
    close: async () => {
      // BENCH_KEEP_DATABASE=1 with BENCH_DATABASE_URL: left in place to study its plans afterwards.
      if (process.env.BENCH_KEEP_DATABASE === "1" && process.env.BENCH_DATABASE_URL) {
        console.error(`bench database kept: ${url.toString()}`);
        return;
      }
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      await stopEmbedded();
    },
  };
}
