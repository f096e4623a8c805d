import type { Db } from "@/lib/platform/db/client";
import type { WebhookTarget } from "@/lib/upstream/gitlab/webhook-schemas";

/*
 * The webhook queue (table webhook_event): the route records what changed and answers at once;
 * the sync loop re-reads it from GitLab. One row per target, so a burst of deliveries for one
 * pipeline is one fetch, and a delivery that arrives while its target is being synced stays pending.
 */

export interface PendingWebhookEvent {
  kind: "pipeline" | "deployment";
  projectId: number;
  objectId: number;
  receivedAt: Date;
}

/** Queues a target of a followed project; false (nothing written) when no service follows the project. */
export async function recordWebhookEvent(db: Db, target: WebhookTarget): Promise<boolean> {
  const written = await db.$executeRaw`
    INSERT INTO webhook_event (kind, project_id, object_id, received_at)
    SELECT ${target.kind}, ${target.projectId}::int, ${String(target.objectId)}::bigint, now()
    WHERE EXISTS (SELECT 1 FROM service WHERE gitlab_project_id = ${target.projectId}::int)
    ON CONFLICT (kind, project_id, object_id) DO UPDATE SET received_at = EXCLUDED.received_at`;
  return written > 0;
}

export async function pendingWebhookEvents(db: Db, projectId: number, limit = 500): Promise<PendingWebhookEvent[]> {
  const rows = await db.$queryRaw<{ kind: string; object_id: bigint; received_at: Date }[]>`
    SELECT kind, object_id, received_at FROM webhook_event
    WHERE project_id = ${projectId}::int AND (processed_at IS NULL OR processed_at < received_at)
    ORDER BY received_at LIMIT ${limit}`;
  return rows.map((r) => ({
    kind: r.kind === "deployment" ? "deployment" : "pipeline",
    projectId,
    objectId: Number(r.object_id),
    receivedAt: r.received_at,
  }));
}

/** Marks events done, unless a newer delivery for the same target arrived meanwhile. */
export async function markWebhookEventsProcessed(db: Db, events: readonly PendingWebhookEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db.$executeRaw`
    UPDATE webhook_event e SET processed_at = e.received_at
    FROM unnest(${events.map((e) => e.kind)}::text[], ${events.map((e) => e.projectId)}::int[],
      ${events.map((e) => String(e.objectId))}::bigint[], ${events.map((e) => e.receivedAt.toISOString())}::timestamptz[])
      AS u(kind, project_id, object_id, received_at)
    WHERE e.kind = u.kind AND e.project_id = u.project_id AND e.object_id = u.object_id AND e.received_at = u.received_at`;
}

export async function hasPendingWebhookEvents(db: Db): Promise<boolean> {
  const rows = await db.$queryRaw<{ pending: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM webhook_event WHERE processed_at IS NULL OR processed_at < received_at) AS pending`;
  return rows[0]?.pending ?? false;
}

/** Seconds since the last delivery by the database's clock (the route wrote it), or null if none came. */
export async function secondsSinceLastWebhook(db: Db): Promise<number | null> {
  const rows = await db.$queryRaw<{ age: number | null }[]>`
    SELECT EXTRACT(EPOCH FROM now() - max(received_at))::float8 AS age FROM webhook_event`;
  return rows[0]?.age ?? null;
}

/** Old rows are kept only to tell when the last delivery came; a day's worth is plenty. */
export async function pruneWebhookEvents(db: Db): Promise<void> {
  await db.$executeRaw`
    DELETE FROM webhook_event WHERE processed_at >= received_at AND received_at < now() - interval '1 day'`;
}
