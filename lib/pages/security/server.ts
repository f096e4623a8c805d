import "server-only";
import { pageAnswer } from "@/lib/platform/cache/page-answers";
import { serverConfig } from "@/lib/platform/config/server";
import { getDb } from "@/lib/platform/db/client";
import { findingBatches, getSecurityPage } from "./query";
import type { FindingRow, SecurityPageData, SecurityPageParams } from "./types";

/** The security page for the running server's database and configured thresholds. */
export function loadSecurityPage(params: SecurityPageParams): Promise<SecurityPageData> {
  return pageAnswer("security", params, () => getSecurityPage(getDb(), params, { maxAgeDays: serverConfig().findingMaxAgeDays }));
}

/** Every row the filters select, in table order, a batch at a time (for the CSV export). */
export function loadFindingBatches(params: SecurityPageParams, now: Date): AsyncGenerator<FindingRow[]> {
  return findingBatches(getDb(), params, { now, maxAgeDays: serverConfig().findingMaxAgeDays });
}
