import "server-only";
import { withinScope, type ViewerScope } from "@/lib/domain/access";
import { pageAnswer } from "@/lib/platform/cache/page-answers";
import { getDb } from "@/lib/platform/db/client";
import { serverConfig } from "@/lib/platform/config/server";
import { getDeploymentsPage } from "./query";
import type { DeploymentsPageData, PeriodDays } from "./types";

/** The deployments page's data from the running server's database, services in configured order, as `scope` may see it. */
export function loadDeploymentsPage(days: PeriodDays, scope: ViewerScope): Promise<DeploymentsPageData> {
  const within = withinScope(scope);
  return pageAnswer("deployments", { days, within }, () =>
    getDeploymentsPage(getDb(), { days, within, serviceOrder: serverConfig().services.map((s) => s.name) }),
  );
}
