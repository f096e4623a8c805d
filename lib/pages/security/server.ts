import "server-only";
import { withinScope, type ViewerScope } from "@/lib/domain/access";
import { pageAnswer } from "@/lib/platform/cache/page-answers";
import { serverConfig } from "@/lib/platform/config/server";
import { getDb } from "@/lib/platform/db/client";
import { findingBatches, getSecurityPage } from "./query";
import type { FindingRow, SecurityPageData, SecurityPageParams } from "./types";

/** The URL's filters narrowed to the services whose findings `scope` may see. */
function scoped(params: SecurityPageParams, scope: ViewerScope): SecurityPageParams {
  const within = withinScope(scope, "security");
  return within ? { ...params, within } : params;
}

/** The security page for the running server's database and configured thresholds, as `scope` may see it. */
export function loadSecurityPage(params: SecurityPageParams, scope: ViewerScope): Promise<SecurityPageData> {
  const narrowed = scoped(params, scope);
  return pageAnswer("security", narrowed, () => getSecurityPage(getDb(), narrowed, { maxAgeDays: serverConfig().findingMaxAgeDays }));
}

/** Every row the filters select, in table order, a batch at a time (for the CSV export). */
export function loadFindingBatches(params: SecurityPageParams, scope: ViewerScope, now: Date): AsyncGenerator<FindingRow[]> {
  return findingBatches(getDb(), scoped(params, scope), { now, maxAgeDays: serverConfig().findingMaxAgeDays });
}
