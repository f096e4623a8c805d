// `prisma generate` needs no schema engine, but the CLI insists that one exists before it
// starts; on machines that cannot download it, point it at any file (see DESIGN.md).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY || !existsSync(env.PRISMA_SCHEMA_ENGINE_BINARY)) {
  env.PRISMA_SCHEMA_ENGINE_BINARY = path.resolve("package.json");
}
env.PRISMA_HIDE_UPDATE_MESSAGE = "1";
const result = spawnSync("npx", ["--no-install", "prisma", "generate"], { stdio: "inherit", env });
process.exit(result.status ?? 1);
