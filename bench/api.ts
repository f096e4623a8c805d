import type { Db } from "@/lib/platform/db/client";
import { DEFAULT_SERVICES } from "@/lib/platform/config";
import { getOverview } from "@/lib/pages/overview/query";
import { getPipelinePage } from "@/lib/pages/pipelines/query";
import { getServicePage } from "@/lib/pages/services/query";
import { percentile, report, timeRuns } from "./stats";

/** Page queries against the loaded database, as the route handlers run them. */
export async function benchApi(db: Db) {
  const overview = await timeRuns(() => getOverview(db), 200);
  report("api.overview_p50_ms", percentile(overview, 50), "ms");
  report("api.overview_p95_ms", percentile(overview, 95), "ms");

  let turn = 0;
  const nextService = () => DEFAULT_SERVICES[turn++ % DEFAULT_SERVICES.length]!;
  for (const period of [30, 90] as const) {
    const times = await timeRuns(() => getServicePage(db, { service: nextService(), period, page: 1, perPage: 25 }), 100);
    const suffix = period === 30 ? "" : "_90d";
    report(`api.service_page${suffix}_p50_ms`, percentile(times, 50), "ms");
    report(`api.service_page${suffix}_p95_ms`, percentile(times, 95), "ms");
  }

  const ids = (await db.$queryRaw<{ id: bigint }[]>`SELECT id FROM pipeline ORDER BY random() LIMIT 200`).map((r) => Number(r.id));
  let next = 0;
  const pipeline = await timeRuns(() => getPipelinePage(db, ids[next++ % ids.length]!), 200);
  report("api.pipeline_page_p50_ms", percentile(pipeline, 50), "ms");
  report("api.pipeline_page_p95_ms", percentile(pipeline, 95), "ms");
}
