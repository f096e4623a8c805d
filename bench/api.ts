import type { Db } from "../lib/db/client";
import { getOverview } from "../lib/overview/query";
import { percentile, report, timeRuns } from "./stats";

/** Page queries against the loaded database, as the route handlers run them. */
export async function benchApi(db: Db) {
  const overview = await timeRuns(() => getOverview(db), 200);
  report("api.overview_p50_ms", percentile(overview, 50), "ms");
  report("api.overview_p95_ms", percentile(overview, 95), "ms");
}
