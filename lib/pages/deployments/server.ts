import "server-only";
import { pageAnswer } from "@/lib/platform/cache/page-answers";
import { getDb } from "@/lib/platform/db/client";
import { serverConfig } from "@/lib/platform/config/server";
import { getDeploymentsPage } from "./query";
import type { DeploymentsPageData, PeriodDays } from "./types";

/** The deployments page's data from the running server's database, services in configured order. */
export function loadDeploymentsPage(days: PeriodDays): Promise<DeploymentsPageData> {
  return pageAnswer("deployments", days, () => getDeploymentsPage(getDb(), { days, serviceOrder: serverConfig().services.map((s) => s.name) }));
}
