import type { Db } from "@/lib/platform/db/client";
import type { SyncErrorKind } from "@/lib/domain/sync-problems";
import { UpstreamError } from "@/lib/upstream/transport";
import { errorMessage } from "@/lib/domain/error-message";

export async function recordAttempt(db: Db, serviceId: number, at: Date) {
  await db.syncState.upsert({
    where: { serviceId },
    create: { serviceId, lastAttemptAt: at },
    update: { lastAttemptAt: at },
  });
}

export async function recordSuccess(db: Db, serviceId: number, at: Date, requests: number) {
  await db.syncState.update({
    where: { serviceId },
    data: { lastSuccessAt: at, lastError: null, lastErrorKind: null, consecutiveErrors: 0, failingSince: null, lastRequestCount: requests },
  });
}

/** Keeps what was stored; remembers the problem so the page can say what is wrong. */
export async function recordFailure(db: Db, serviceId: number, at: Date, error: unknown) {
  const kind: SyncErrorKind = error instanceof UpstreamError && error.kind !== "aborted" ? error.kind : "internal";
  const message = errorMessage(error);
  // The first failure after a success starts the run of failures the GitLab alerts measure.
  await db.syncState.updateMany({ where: { serviceId, failingSince: null }, data: { failingSince: at } });
  await db.syncState.update({
    where: { serviceId },
    data: {
      lastErrorAt: at,
      lastErrorKind: kind,
      lastError: kind === "auth" ? `GitLab rejected the token. ${message}` : message.slice(0, 1000),
      consecutiveErrors: { increment: 1 },
    },
  });
}
