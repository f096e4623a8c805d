import { defineConfig } from "prisma/config";

// The Prisma CLI is only used for `prisma generate`; migrations run through the
// WebAssembly schema engine (lib/platform/db/migrate.ts), so no datasource URL is needed here.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
