import type { Db } from "@/lib/platform/db/client";

/*
 * Where each step of the sync cycle stands for a service, one row per (service, step) in sync_cursor,
 * so a new step gets its cursor by name instead of a column of its own.
 */

export type CursorName = "pipelines" | "deployments" | "rule-findings";

export interface StepCursor {
  /** The newest upstream `updated_at` (or our `synced_at`) the step has taken in; null before its first run. */
  position: Date | null;
  /** When the step last asked its upstream, for steps that ask only when due. */
  checkedAt: Date | null;
}

export interface CursorHandle {
  readonly value: StepCursor;
  /** Stored at once: a step saves after each page so an interrupted cycle resumes where it stopped. */
  save(patch: Partial<StepCursor>): Promise<void>;
}

export async function openCursor(db: Db, serviceId: number, step: CursorName): Promise<CursorHandle> {
  const row = await db.syncCursor.findUnique({ where: { serviceId_step: { serviceId, step } } });
  let value: StepCursor = { position: row?.position ?? null, checkedAt: row?.checkedAt ?? null };
  return {
    get value() {
      return value;
    },
    async save(patch) {
      value = { ...value, ...patch };
      await db.syncCursor.upsert({ where: { serviceId_step: { serviceId, step } }, create: { serviceId, step, ...value }, update: patch });
    },
  };
}

/** Makes a step that asks only when due ask on its next run (e.g. GitLab announced a deployment). */
export async function markDue(db: Db, serviceId: number, step: CursorName): Promise<void> {
  await db.syncCursor.updateMany({ where: { serviceId, step }, data: { checkedAt: null } });
}
