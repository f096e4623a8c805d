import "server-only";
import { getDb } from "@/lib/db/client";
import { serverConfig } from "@/lib/config/server";
import { getOverview } from "./query";
import type { OverviewData } from "./types";

/** The overview for the running server: its database, services in configured order. */
export function loadOverview(): Promise<OverviewData> {
  return getOverview(getDb(), { serviceOrder: serverConfig().services.map((s) => s.name) });
}
