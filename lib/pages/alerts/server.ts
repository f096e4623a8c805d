import "server-only";
import type { ViewerScope } from "@/lib/domain/access";
import { pageAnswer } from "@/lib/platform/cache/page-answers";
import { getDb } from "@/lib/platform/db/client";
import { getAlertCount, getAlertsPage, getFiringAlerts, muteAlert } from "./query";
import { alertsPageFor, alertVisible, keyVisible } from "./scope";
import type { AlertCount, AlertsFilters, AlertsPageData } from "./types";

export async function loadAlertsPage(filters: AlertsFilters, scope: ViewerScope): Promise<AlertsPageData> {
  return alertsPageFor(await pageAnswer("alerts", filters, () => getAlertsPage(getDb(), filters)), scope);
}

/** The header's count of what fires now, over the alerts `scope` may see. */
export async function loadAlertCount(scope: ViewerScope): Promise<AlertCount> {
  if (scope.services === "all" && scope.security === "all") return pageAnswer("alert-count", null, () => getAlertCount(getDb()));
  const now = new Date();
  const visible = (await pageAnswer("alert-firing", null, () => getFiringAlerts(getDb(), now))).filter((a) => alertVisible(scope, a.service, a.rule));
  return { generatedAt: now.toISOString(), firing: visible.filter((a) => !a.muted).length, muted: visible.filter((a) => a.muted).length };
}

/** Mutes (or unmutes) an alert the viewer may see; false when there is none they may see. */
export async function muteVisibleAlert(key: string, hours: number, scope: ViewerScope): Promise<boolean> {
  return keyVisible(scope, key) && muteAlert(getDb(), key, hours);
}
