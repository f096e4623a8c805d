/*
 * `npm run bench`: measured figures, one `name: value unit` per line. Loads a fresh
 * database (embedded, or on BENCH_DATABASE_URL's server) through the real sync.
 */
import { benchApi } from "../bench/api";
import { benchBundle } from "../bench/bundle";
import { benchDatabase } from "../bench/environment";
import { benchSync } from "../bench/sync";
import { createDb } from "../lib/db/client";

async function main() {
  const database = await benchDatabase();
  const db = createDb(database.url, { max: 10 });
  try {
    await benchSync(db, database.url);
    await benchApi(db);
  } finally {
    await db.$disconnect();
    await database.close();
  }
  await benchBundle();
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
