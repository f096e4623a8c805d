import "server-only";
import { pageAnswer } from "@/lib/platform/cache/page-answers";
import { getDb } from "@/lib/platform/db/client";
import { serverConfig } from "@/lib/platform/config/server";
import type { ViewerScope } from "@/lib/domain/access";
import { getOverview } from "./query";
import { overviewFor } from "./scope";
import type { OverviewData } from "./types";

/** The overview for the running server (its database, services in configured order), as `scope` may see it. */
export async function loadOverview(scope: ViewerScope): Promise<OverviewData> {
  const all = await pageAnswer("overview", null, () => getOverview(getDb(), { serviceOrder: serverConfig().services.map((s) => s.name) }));
  return overviewFor(all, scope);
}
