import type { Db } from "@/lib/platform/db/client";

/** Rows in every table of the public schema (exact counts), to prove a request wrote nothing. */
export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const tables = await db.$queryRaw<{ name: string }[]>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'
    ORDER BY table_name`;
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    // Table names come from the catalog, not from input.
    const rows = await db.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${name.replaceAll('"', '""')}"`);
    counts[name] = Number(rows[0]?.n ?? 0);
  }
  return counts;
}

/** The latest write time of the webhook queue, so a repeated delivery (same row count) still shows as a write. */
export async function webhookQueueState(db: Db): Promise<string> {
  const rows = await db.$queryRaw<{ state: string | null }[]>`
    SELECT string_agg(kind || ':' || project_id || ':' || object_id || '@' || received_at::text, ',' ORDER BY kind, project_id, object_id) AS state
    FROM webhook_event`;
  return rows[0]?.state ?? "";
}
