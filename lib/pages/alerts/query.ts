import { ALERT_RULES, CLEAR_REASON_TEXT, RULE_INFO, type AlertDetail, type AlertRule } from "@/lib/domain/alerts";
import type { Db } from "@/lib/platform/db/client";
import { Prisma } from "@/lib/platform/db/generated/client";
import type { AlertCount, AlertDeliveryInfo, AlertsFilters, AlertsPageData, FiringAlert } from "./types";

/* /alerts and the header's count, from the alert tables only. */

const HISTORY_LIMIT = 100;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

type DeliveryRow = { state: string; channel: string; attempts: number; sentAt: Date | null; lastError: string | null; nextAttemptAt: Date };
const delivery = (d: DeliveryRow): AlertDeliveryInfo => ({
  channel: d.channel,
  state: d.state,
  attempts: d.attempts,
  sentAt: iso(d.sentAt),
  lastError: d.lastError,
  nextAttemptAt: d.state === "pending" ? d.nextAttemptAt.toISOString() : null,
});

const asRule = (rule: string): AlertRule => (ALERT_RULES as readonly string[]).includes(rule) ? (rule as AlertRule) : "main_pipeline_failed";

export async function getAlertCount(db: Db, now: Date = new Date()): Promise<AlertCount> {
  const [row] = await db.$queryRaw<Array<{ firing: number; muted: number }>>`
    SELECT count(*) FILTER (WHERE muted_until IS NULL OR muted_until <= ${now})::int AS firing,
           count(*) FILTER (WHERE muted_until > ${now})::int AS muted
    FROM alert WHERE state = 'firing'`;
  return { generatedAt: now.toISOString(), firing: row?.firing ?? 0, muted: row?.muted ?? 0 };
}

/** The firing alerts' rule, service and whether muted: for a count over what one viewer may see. */
export async function getFiringAlerts(db: Db, now: Date = new Date()): Promise<Array<{ rule: AlertRule; service: string | null; muted: boolean }>> {
  const rows = await db.alert.findMany({ where: { state: "firing" }, select: { rule: true, service: true, mutedUntil: true } });
  return rows.map((r) => ({ rule: asRule(r.rule), service: r.service, muted: r.mutedUntil !== null && r.mutedUntil > now }));
}

export async function getAlertsPage(db: Db, filters: AlertsFilters, now: Date = new Date()): Promise<AlertsPageData> {
  const where: Prisma.AlertWhereInput = {
    ...(filters.rule ? { rule: filters.rule } : {}),
    ...(filters.service ? { service: filters.service } : {}),
    ...(filters.key ? { key: filters.key } : {}),
  };
  const firingRows =
    filters.state === "resolved"
      ? []
      : await db.alert.findMany({
          where: { ...where, state: "firing" },
          orderBy: [{ changedAt: "desc" }, { id: "desc" }],
          take: 500,
          include: { events: { where: { kind: "firing" }, orderBy: { id: "desc" }, take: 1, include: { deliveries: true } } },
        });
  const firing: FiringAlert[] = firingRows.map((a) => {
    const rule = asRule(a.rule);
    const event = a.events[0];
    return {
      key: a.key,
      rule,
      ruleLabel: RULE_INFO[rule].label,
      audience: RULE_INFO[rule].audience,
      service: a.service,
      subject: a.subject,
      title: a.title,
      detail: a.detail as unknown as AlertDetail,
      since: a.changedAt.toISOString(),
      firstSeenAt: a.firstSeenAt.toISOString(),
      lastSeenAt: a.lastSeenAt.toISOString(),
      mutedUntil: a.mutedUntil && a.mutedUntil > now ? a.mutedUntil.toISOString() : null,
      silentReason: event?.silentReason ?? null,
      deliveries: (event?.deliveries ?? []).map(delivery),
    };
  });

  const events = await db.alertEvent.findMany({
    where: { alert: where, ...(filters.state ? { kind: filters.state } : {}) },
    orderBy: { id: "desc" },
    take: HISTORY_LIMIT,
    include: { deliveries: true, alert: { select: { key: true, rule: true, service: true } } },
  });
  const history = events.map((e) => {
    const rule = asRule(e.alert.rule);
    return {
      id: String(e.id),
      key: e.alert.key,
      rule,
      ruleLabel: RULE_INFO[rule].label,
      service: e.alert.service,
      kind: e.kind === "resolved" ? ("resolved" as const) : ("firing" as const),
      title: e.title,
      eventAt: e.eventAt.toISOString(),
      detectedAt: e.detectedAt.toISOString(),
      silentReason: e.silentReason,
      reason: e.reason === "rule_off" ? CLEAR_REASON_TEXT.rule_off : null,
      deliveries: e.deliveries.map(delivery),
    };
  });

  const problemRows = await db.alertDelivery.findMany({
    where: { lastError: { not: null }, state: { in: ["dead", "pending"] } },
    orderBy: [{ lastAttemptAt: "desc" }],
    take: 50,
    include: { event: { select: { kind: true, title: true, alert: { select: { key: true } } } } },
  });
  const services = await db.service.findMany({ select: { name: true }, orderBy: { name: "asc" } });
  return {
    generatedAt: now.toISOString(),
    firing,
    history,
    problems: problemRows.map((d) => ({
      key: d.event.alert.key,
      title: d.event.title,
      kind: d.event.kind,
      channel: d.channel,
      state: d.state,
      attempts: d.attempts,
      lastError: d.lastError ?? "",
      lastAttemptAt: iso(d.lastAttemptAt),
    })),
    filters,
    rules: ALERT_RULES.map((rule) => ({ rule, label: RULE_INFO[rule].label })),
    services: services.map((s) => s.name),
  };
}

/** Mutes a key for `hours` (0 unmutes): its firings and clearings are recorded but not sent meanwhile. */
export async function muteAlert(db: Db, key: string, hours: number, now: Date = new Date()): Promise<boolean> {
  const until = hours > 0 ? new Date(now.getTime() + hours * 3_600_000) : null;
  const { count } = await db.alert.updateMany({ where: { key }, data: { mutedUntil: until } });
  return count > 0;
}
