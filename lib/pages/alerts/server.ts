import "server-only";
import { pageAnswer } from "@/lib/platform/cache/page-answers";
import { getDb } from "@/lib/platform/db/client";
import { getAlertCount, getAlertsPage } from "./query";
import type { AlertCount, AlertsFilters, AlertsPageData } from "./types";

export function loadAlertsPage(filters: AlertsFilters): Promise<AlertsPageData> {
  return pageAnswer("alerts", filters, () => getAlertsPage(getDb(), filters));
}

export function loadAlertCount(): Promise<AlertCount> {
  return pageAnswer("alert-count", null, () => getAlertCount(getDb()));
}
