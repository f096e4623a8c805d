import { readFile } from "node:fs/promises";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmptyDatabase } from "@/test/db";
import { SCHEMA_PATH, applyMigrations, schemaToSql } from "./schema-engine";

/*
 * Proof that the committed migrations build exactly what schema.prisma describes:
 * one database gets the migrations, another the schema's own DDL, and their catalogs
 * (columns, constraints, indexes, enums) must be identical.
 */

async function catalog(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const queries = [
      `SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || udt_name || ' null=' || is_nullable
         || ' default=' || coalesce(column_default, '') || ' precision=' || coalesce(datetime_precision::text, '')
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
      `SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
       FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations'`,
      `SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
      `SELECT 'enum ' || t.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`,
    ];
    const lines: string[] = [];
    for (const q of queries) lines.push(...(await client.query<{ "?column?": string }>(q)).rows.map((r) => Object.values(r)[0] as string));
    return lines.sort();
  } finally {
    await client.end();
  }
}

async function execute(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe("committed migrations", () => {
  const dbs: { url: string; drop(): Promise<void> }[] = [];
  let migrated: string;
  let fromSchema: string;

  beforeAll(async () => {
    for (let i = 0; i < 3; i++) dbs.push(await createEmptyDatabase());
    migrated = dbs[0]!.url;
    fromSchema = dbs[1]!.url;
    await applyMigrations(migrated);
    await execute(fromSchema, await schemaToSql(fromSchema));
  });

  afterAll(async () => {
    await Promise.all(dbs.map((d) => d.drop()));
  });

  it("produce exactly schema.prisma (empty diff)", async () => {
    const fromMigrations = await catalog(migrated);
    expect(fromMigrations.some((l) => l.startsWith("column job.allow_failure boolean"))).toBe(true);
    expect(fromMigrations).toEqual(await catalog(fromSchema));
  });

  it("are all applied at start-up, and a second run applies nothing", async () => {
    expect(await applyMigrations(migrated)).toEqual([]);
  });

  it("would show a schema change that has no migration", async () => {
    const schema = await readFile(SCHEMA_PATH, "utf8");
    // A column added to the Job model, right before its indexes.
    const changed = schema.replace(/(model Job \{[^}]*?)(\n\n  @@index\(\[pipelineId\]\))/, "$1\n  runner String?$2");
    expect(changed).not.toBe(schema);
    const other = dbs[2]!.url;
    await execute(other, await schemaToSql(other, changed));
    const diff = await catalog(other);
    expect(diff).not.toEqual(await catalog(migrated));
    expect(diff).toContain("column job.runner text text null=YES default= precision=");
  });
});
