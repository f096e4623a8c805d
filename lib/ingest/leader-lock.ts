import pg from "pg";

/** Arbitrary, fixed: the advisory lock key every Stageboard process contends for. */
const SYNC_LOCK_KEY = 0x5747_4244; // "SWGD"

/**
 * A PostgreSQL session-level advisory lock held on its own connection: whoever holds it
 * runs the sync loop; every other process (replica, `npm run sync`) waits. If the
 * connection drops (database restart), the lock is gone and must be taken again.
 */
export class LeaderLock {
  private client: pg.Client | undefined;

  constructor(private readonly connectionString: string) {}

  get held(): boolean {
    return this.client !== undefined;
  }

  /** Takes the lock if free; true when this process now holds it. */
  async tryAcquire(): Promise<boolean> {
    if (this.client) return this.stillHeld();
    const client = new pg.Client({ connectionString: this.connectionString, application_name: "stageboard-sync-lock" });
    client.on("error", () => {
      if (this.client === client) this.client = undefined;
    });
    try {
      await client.connect();
      const { rows } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [SYNC_LOCK_KEY]);
      if (rows[0]?.ok) {
        this.client = client;
        return true;
      }
    } catch {
      // Database unreachable: not the leader; the loop tries again later.
    }
    await client.end().catch(() => {});
    return false;
  }

  /** Checks the lock's connection is alive (a restarted database drops the lock). */
  private async stillHeld(): Promise<boolean> {
    const client = this.client;
    if (!client) return false;
    try {
      await client.query("SELECT 1");
      return true;
    } catch {
      this.client = undefined;
      await client.end().catch(() => {});
      return false;
    }
  }

  async release(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    await client.query("SELECT pg_advisory_unlock($1)", [SYNC_LOCK_KEY]).catch(() => {});
    await client.end().catch(() => {});
  }
}
