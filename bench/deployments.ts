import type { Db } from "@/lib/platform/db/client";
import { DEFAULT_SERVICES } from "@/lib/platform/config";
import { getDeliveryFigures, getDeploymentsBoard } from "@/lib/pages/deployments/query";
import { percentile, report, timeRuns } from "./stats";

/** The deployments page's queries against the loaded database, as /api/deployments runs them. */
export async function benchDeployments(db: Db) {
  const serviceOrder = DEFAULT_SERVICES;
  const board = await timeRuns(() => getDeploymentsBoard(db, { days: 30, serviceOrder }), 100);
  report("api.deployments_p50_ms", percentile(board, 50), "ms");
  report("api.deployments_p95_ms", percentile(board, 95), "ms");

  const periods = [7, 30, 90] as const;
  let turn = 0;
  const dora = await timeRuns(() => getDeliveryFigures(db, { days: periods[turn++ % periods.length]!, serviceOrder }), 150);
  report("api.dora_p50_ms", percentile(dora, 50), "ms");
  report("api.dora_p95_ms", percentile(dora, 95), "ms");
}
