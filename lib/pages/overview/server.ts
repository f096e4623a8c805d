import "server-only";
import { pageAnswer } from "@/lib/platform/cache/page-answers";
import { getDb } from "@/lib/platform/db/client";
import { serverConfig } from "@/lib/platform/config/server";
import { getOverview } from "./query";
import type { OverviewData } from "./types";

/** The overview for the running server: its database, services in configured order. */
export function loadOverview(): Promise<OverviewData> {
  return pageAnswer("overview", null, () => getOverview(getDb(), { serviceOrder: serverConfig().services.map((s) => s.name) }));
}
