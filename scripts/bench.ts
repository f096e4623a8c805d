/*
 * `npm run bench`: measured figures, one `name: value unit` per line. Loads a fresh
 * database (embedded, or on BENCH_DATABASE_URL's server) through the real sync.
 */
import { benchApi } from "../bench/api";
import { benchBundle } from "../bench/bundle";
import { benchDelivery } from "../bench/delivery";
import { benchDatabase } from "../bench/environment";
import { benchParse } from "../bench/parse";
import { benchSync } from "../bench/sync";
import { createDb } from "../lib/db/client";

async function main() {
  await benchParse();
  const database = await benchDatabase();
  const db = createDb(database.url, { max: 10 });
  try {
    await benchSync(db, database.url);
    await benchApi(db);
    await benchDelivery(db);
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
