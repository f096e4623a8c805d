import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { trackPool } from "../metrics";
import { PrismaClient } from "./generated/client";

export type Db = PrismaClient;
export { Prisma } from "./generated/client";

export function createDb(connectionString: string, options: { max?: number } = {}): Db {
  // Our own pool, so /metrics can count its connections; the adapter ends it on $disconnect.
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10 });
  trackPool(pool);
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  return new PrismaClient({ adapter });
}

const globalForDb = globalThis as unknown as { stageboardDb?: { url: string; db: Db } };

/**
 * The process-wide client for DATABASE_URL. Kept on globalThis so Next's module
 * reloading in development does not open a new pool per reload.
 */
export function getDb(): Db {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: start Stageboard with `npm start`, which provides one");
  if (globalForDb.stageboardDb?.url !== url) {
    globalForDb.stageboardDb = { url, db: createDb(url) };
  }
  return globalForDb.stageboardDb.db;
}
