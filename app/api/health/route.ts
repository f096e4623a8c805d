import { jsonResponse } from "@/lib/web/api/responses";
import { getDb } from "@/lib/platform/db/client";

export const dynamic = "force-dynamic";

/** Liveness and database reachability, for load balancers and the test harness. */
export async function GET() {
  try {
    await getDb().$queryRaw`SELECT 1`;
    return jsonResponse({ ok: true });
  } catch {
    return jsonResponse({ ok: false, error: "database unreachable" }, 503);
  }
}
