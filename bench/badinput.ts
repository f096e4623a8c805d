import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/platform/db/client";
import { hostileCases } from "../test/proof/hostile-inputs";
import { rowCounts, webhookQueueState } from "../test/proof/row-counts";
import { report } from "./stats";

/**
 * The hostile requests of test/proof/bad-input.test.ts against the route handlers on the loaded
 * bench database: how many were tried, how many were not refused with a 4xx, and whether any wrote.
 */
export async function benchBadInput(db: Db, databaseUrl: string) {
  // The route handlers read both from the environment (lib/platform/config/server.ts, lib/platform/db/client.ts).
  process.env.DATABASE_URL = databaseUrl;
  process.env.GITLAB_WEBHOOK_SECRET ??= `bench-${randomUUID()}`;
  const cases = hostileCases(process.env.GITLAB_WEBHOOK_SECRET);
  const before = JSON.stringify({ rows: await rowCounts(db), queue: await webhookQueueState(db) });
  let accepted = 0;
  for (const hostile of cases) {
    const response = await hostile.send().catch(() => new Response(null, { status: 599 }));
    await response.body?.cancel();
    if (response.status < 400 || response.status >= 500) {
      accepted += 1;
      console.error(`badinput: not refused: ${hostile.name} (HTTP ${response.status})`);
    }
  }
  const after = JSON.stringify({ rows: await rowCounts(db), queue: await webhookQueueState(db) });
  report("badinput.tried", cases.length, "requests");
  report("badinput.accepted", accepted, "requests");
  report("badinput.tables_changed", before === after ? 0 : 1, "");
}
