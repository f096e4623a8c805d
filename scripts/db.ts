/*
 * `npm run db:migrate` applies the committed migrations (start-up does this too);
 * `npm run db:migration -- NAME` writes a new migration for changes to schema.prisma.
 */
import { ConfigError, loadConfig } from "@/lib/platform/config";
import { logger } from "@/lib/platform/log";
import { createMigration } from "@/lib/platform/db/schema-engine";
import { openDatabase } from "@/lib/runtime/database";
import { errorMessage } from "@/lib/domain/error-message";

async function main() {
  const [command, name] = process.argv.slice(2);
  const config = loadConfig();
  const database = await openDatabase(config, logger);
  try {
    if (command === "create") {
      if (!name) throw new Error("usage: npm run db:migration -- NAME");
      const created = await createMigration(database.url, name);
      console.log(created ? `created prisma/migrations/${created}` : "schema.prisma has no changes since the last migration");
    } else {
      console.log("database is up to date with prisma/migrations");
    }
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`stageboard: ${error instanceof ConfigError ? `invalid configuration: ${error.message}` : errorMessage(error)}`);
  process.exit(1);
});
