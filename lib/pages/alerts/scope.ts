import { canSee, canSeeSecurity, type ViewerScope } from "@/lib/domain/access";
import { ALERT_RULES, RULE_INFO, type AlertRule } from "@/lib/domain/alerts";
import type { AlertsPageData } from "./types";

/**
 * Whether a viewer may see an alert: Stageboard's own (no service) to everyone; a service's to those
 * who may see the service, and its security alerts only to those who may see its findings.
 */
export function alertVisible(scope: ViewerScope, service: string | null, rule: AlertRule): boolean {
  if (service === null) return true;
  if (!canSee(scope, service)) return false;
  return RULE_INFO[rule].audience !== "security" || canSeeSecurity(scope, service);
}

/** The rule and service an alert key names (`rule:service:subject`, see alertKey), or null. */
export function keyTarget(key: string): { rule: AlertRule; service: string | null } | null {
  const [rule, service] = key.split(":");
  const known = ALERT_RULES.find((r) => r === rule);
  return known && service !== undefined ? { rule: known, service: service === "" ? null : service } : null;
}

export function keyVisible(scope: ViewerScope, key: string): boolean {
  const target = keyTarget(key);
  return target !== null && alertVisible(scope, target.service, target.rule);
}

/** /alerts as this viewer may see it. */
export function alertsPageFor(data: AlertsPageData, scope: ViewerScope): AlertsPageData {
  if (scope.services === "all" && scope.security === "all") return data;
  return {
    ...data,
    firing: data.firing.filter((a) => alertVisible(scope, a.service, a.rule)),
    history: data.history.filter((e) => alertVisible(scope, e.service, e.rule)),
    problems: data.problems.filter((p) => keyVisible(scope, p.key)),
    services: data.services.filter((s) => canSee(scope, s)),
  };
}
