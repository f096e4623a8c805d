import { readFile, readdir, mkdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import type { MigrationList, SchemaEngine } from "@prisma/schema-engine-wasm";

/*
 * Prisma's CLI downloads a native schema engine, which these machines cannot reach.
 * The same engine ships as WebAssembly on npm; driven through the pg driver adapter it
 * reads and writes the standard prisma/migrations folder and _prisma_migrations table,
 * so `prisma migrate deploy` elsewhere agrees with it.
 */

export const PRISMA_DIR = path.resolve(process.cwd(), "prisma");
export const SCHEMA_PATH = path.join(PRISMA_DIR, "schema.prisma");
export const MIGRATIONS_DIR = path.join(PRISMA_DIR, "migrations");

const NO_FILTER = { externalTables: [], externalEnums: [] };

type EngineModule = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");
let engineModule: Promise<EngineModule> | undefined;

async function loadEngineModule(): Promise<EngineModule> {
  engineModule ??= (async () => {
    const require = createRequire(import.meta.url);
    const bgPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bindings = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as EngineModule;
    const bytes = await readFile(bgPath.replace(/\.js$/, ".wasm"));
    const compiled = await WebAssembly.compile(bytes);
    const instance = new WebAssembly.Instance(compiled, {
      "./schema_engine_bg.js": bindings as unknown as WebAssembly.ModuleImports,
    });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bindings;
  })();
  return engineModule;
}

export async function withSchemaEngine<T>(
  connectionString: string,
  fn: (engine: SchemaEngine, schema: string) => Promise<T>,
): Promise<T> {
  const { SchemaEngine } = await loadEngineModule();
  const schema = await readFile(SCHEMA_PATH, "utf8");
  // Our own pool, ended afterwards: the engine holds its migration advisory lock on a
  // session, and a pool left open would keep that lock from the next caller.
  const pool = new pg.Pool({ connectionString, max: 2 });
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg(pool));
  const engine = await SchemaEngine.new(
    { datamodels: [[SCHEMA_PATH, schema]] },
    () => {},
    adapter,
  );
  try {
    return await fn(engine, schema);
  } finally {
    engine.free();
    await pool.end();
  }
}

export async function readMigrations(): Promise<MigrationList> {
  await mkdir(MIGRATIONS_DIR, { recursive: true });
  const entries = await readdir(MIGRATIONS_DIR, { withFileTypes: true });
  const directories = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const lockPath = path.join(MIGRATIONS_DIR, "migration_lock.toml");
  const lock = await readFile(lockPath, "utf8").catch(() => null);
  return {
    baseDir: MIGRATIONS_DIR,
    lockfile: { path: "migration_lock.toml", content: lock },
    shadowDbInitScript: "",
    migrationDirectories: await Promise.all(
      directories.map(async (dir) => {
        const file = path.join(MIGRATIONS_DIR, dir, "migration.sql");
        const content = await readFile(file, "utf8").then(
          (ok) => ({ tag: "ok" as const, value: ok }),
          (error: Error) => ({ tag: "error" as const, value: error.message }),
        );
        return { path: dir, migrationFile: { path: "migration.sql", content } };
      }),
    ),
  };
}

/** Applies every committed migration not yet applied; returns the names applied. */
export async function applyMigrations(connectionString: string): Promise<string[]> {
  const migrationsList = await readMigrations();
  return withSchemaEngine(connectionString, async (engine) => {
    const out = await engine.applyMigrations({ migrationsList, filters: NO_FILTER });
    return out.appliedMigrationNames;
  });
}

/** SQL that creates, on an empty database, exactly what `schema` describes. */
export async function schemaToSql(connectionString: string, schema?: string): Promise<string> {
  return withSchemaEngine(connectionString, async (engine, current) => {
    const result = await engine.diff({
      from: { tag: "empty" },
      to: { tag: "schemaDatamodel", files: [{ path: SCHEMA_PATH, content: schema ?? current }] },
      script: true,
      exitCode: null,
      filters: NO_FILTER,
    });
    return result.stdout ?? "";
  });
}

/*
 * The wasm engine cannot open a shadow database or introspect PostgreSQL 18 through the
 * pg adapter, so a new migration is the diff between the schema as of the last migration
 * (kept beside the migrations) and schema.prisma.
 */
export const SNAPSHOT_PATH = path.join(MIGRATIONS_DIR, "schema.snapshot.prisma");

/** Writes a new migration for what changed in schema.prisma since the last one. */
export async function createMigration(connectionString: string, name: string): Promise<string | null> {
  const previous = await readFile(SNAPSHOT_PATH, "utf8").catch(() => null);
  return withSchemaEngine(connectionString, async (engine, schema) => {
    const result = await engine.diff({
      from: previous === null ? { tag: "empty" } : { tag: "schemaDatamodel", files: [{ path: SCHEMA_PATH, content: previous }] },
      to: { tag: "schemaDatamodel", files: [{ path: SCHEMA_PATH, content: schema }] },
      script: true,
      exitCode: null,
      filters: NO_FILTER,
    });
    const sql = result.stdout ?? "";
    if (!/\S/.test(sql.replace(/^--.*$/gm, ""))) return null;
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dirName = `${stamp}_${name.replace(/\W+/g, "_")}`;
    await mkdir(path.join(MIGRATIONS_DIR, dirName), { recursive: true });
    await writeFile(path.join(MIGRATIONS_DIR, dirName, "migration.sql"), sql);
    await writeFile(path.join(MIGRATIONS_DIR, "migration_lock.toml"), '# Please do not edit this file manually\nprovider = "postgresql"\n');
    await writeFile(SNAPSHOT_PATH, schema);
    return dirName;
  });
}
