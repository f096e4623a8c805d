import { ALERT_RULES, clearingDetail, reconcile, type AlertChange, type AlertDetail, type AlertRule, type Condition, type RuleVerdict, type StoredAlert } from "@/lib/domain/alerts";
import { routes, type AlertsConfig, type FindingMaxAgeDays } from "@/lib/platform/config";
import type { Db } from "@/lib/platform/db/client";
import { Prisma } from "@/lib/platform/db/generated/client";
import type { Logger } from "@/lib/platform/log";
import { RULE_EVALUATORS } from "./rules";
import { errorMessage } from "@/lib/domain/error-message";

/*
 * After each sync cycle and each webhook cycle (and, for the rules stored pipelines decide alone, as soon
 * as a cycle stored them: runner.ts), the lock holder asks every enabled rule what holds now
 * (database only), compares with the stored alerts (lib/domain/alerts/reconcile.ts) and writes the
 * firings and clearings, with one outbox row per routed channel for those that are news. History (what
 * finished before a service's first backfill did) and muted keys are recorded without a send. A rule
 * switched off is not asked; its firing alerts clear (reason rule_off), sent like any clearing.
 */

export interface AlertEngine {
  alerts: Pick<AlertsConfig, "disabled" | "thresholds">;
  /** Channel names and routes: a firing gets one outbox row per channel that takes it. */
  channels: ReadonlyArray<{ name: string; route: AlertsConfig["channels"][number]["route"] }>;
  findingMaxAgeDays: FindingMaxAgeDays;
  services: readonly string[];
}

export interface EvaluationResult {
  fired: number;
  cleared: number;
  /** Outbox rows written. */
  queued: number;
  failedRules: AlertRule[];
}

/** Any number that fits: the transaction-level lock serialising writers of the alert tables. */
const ALERT_WRITE_LOCK = 7_341_002;

const json = (value: unknown): Prisma.InputJsonValue => value as Prisma.InputJsonValue;

/** `only`: ask these rules alone (the others' alerts keep their state); every enabled rule without it. */
export async function evaluateAlerts(db: Db, engine: AlertEngine, now: Date, logger: Logger, only?: ReadonlySet<AlertRule>): Promise<EvaluationResult> {
  // A service whose first backfill is done starts its alerts now; what finished before is history.
  await db.syncState.updateMany({ where: { backfillDone: true, alertsFrom: null }, data: { alertsFrom: now } });

  const verdicts: RuleVerdict[] = [];
  const failedRules: AlertRule[] = [];
  const ctx = { db, now, services: engine.services, thresholds: engine.alerts.thresholds, findingMaxAgeDays: engine.findingMaxAgeDays };
  for (const rule of ALERT_RULES) {
    if (engine.alerts.disabled.has(rule) || (only && !only.has(rule))) continue;
    try {
      verdicts.push(await RULE_EVALUATORS[rule](ctx));
    } catch (error) {
      // A rule that cannot be read decides nothing this time: its alerts keep their state.
      failedRules.push(rule);
      logger.error({ rule, err: errorMessage(error) }, "alert rule failed");
    }
  }

  const result: EvaluationResult = { fired: 0, cleared: 0, queued: 0, failedRules };
  await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ALERT_WRITE_LOCK})`;
      const keys = verdicts.flatMap((v) => v.conditions.map((c) => keyOf(c)));
      const rows = await tx.alert.findMany({
        where: { OR: [{ state: "firing" }, { key: { in: keys } }] },
        select: { key: true, rule: true, service: true, state: true, notified: true, clearingSince: true, mutedUntil: true },
      });
      const alerts = new Map<string, StoredAlert>(rows.map((r) => [r.key, { ...r, rule: r.rule as AlertRule, state: r.state === "firing" ? "firing" : "resolved" }]));
      const states = await tx.syncState.findMany({ select: { alertsFrom: true, service: { select: { name: true } } } });
      const alertsFrom = new Map(states.map((s) => [s.service.name, s.alertsFrom]));
      const changes = reconcile({ alerts, verdicts, now, alertsFrom, clearAfterMs: engine.alerts.thresholds.clearAfterSeconds * 1000, disabled: engine.alerts.disabled });
      for (const change of changes) await apply(tx, engine, change, now, result);
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
  if (result.fired + result.cleared > 0) logger.info({ fired: result.fired, cleared: result.cleared, queued: result.queued }, "alerts changed");
  return result;
}

const keyOf = (c: Condition) => `${c.rule}:${c.service ?? ""}:${c.subject}`;

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

async function queue(tx: Tx, engine: AlertEngine, eventId: bigint, rule: AlertRule, service: string | null, now: Date): Promise<number> {
  const channels = engine.channels.filter((c) => routes(c.route, rule, service));
  if (channels.length === 0) return 0;
  await tx.alertDelivery.createMany({
    data: channels.map((c) => ({ eventId, channel: c.name, state: "pending", nextAttemptAt: now })),
    skipDuplicates: true,
  });
  return channels.length;
}

async function apply(tx: Tx, engine: AlertEngine, change: AlertChange, now: Date, result: EvaluationResult): Promise<void> {
  switch (change.type) {
    case "fire": {
      const c = change.condition;
      const fields = { state: "firing", title: c.title, detail: json(c.detail), lastSeenAt: now, changedAt: c.eventAt, clearingSince: null, notified: change.silent === null };
      const alert = await tx.alert.upsert({
        where: { key: change.key },
        create: { key: change.key, rule: c.rule, service: c.service, subject: c.subject, firstSeenAt: c.eventAt, ...fields },
        update: fields,
      });
      const event = await tx.alertEvent.create({
        data: { alertId: alert.id, kind: "firing", eventAt: c.eventAt, detectedAt: now, title: c.title, detail: json(c.detail), silentReason: change.silent },
      });
      result.fired += 1;
      if (change.silent === null) result.queued += await queue(tx, engine, event.id, c.rule, c.service, now);
      return;
    }
    case "refresh":
      await tx.alert.update({
        where: { key: change.key },
        data: { title: change.condition.title, detail: json(change.condition.detail), lastSeenAt: now, clearingSince: null },
      });
      return;
    case "clearing":
      await tx.alert.update({ where: { key: change.key }, data: { clearingSince: change.since } });
      return;
    case "clear": {
      const alert = await tx.alert.update({ where: { key: change.key }, data: { state: "resolved", changedAt: change.at, clearingSince: null, lastSeenAt: now } });
      const detail = change.reason ? clearingDetail(change.reason, alert.detail as unknown as AlertDetail) : alert.detail;
      const event = await tx.alertEvent.create({
        data: {
          alertId: alert.id,
          kind: "resolved",
          eventAt: change.at,
          detectedAt: now,
          title: alert.title,
          detail: json(detail),
          silentReason: change.silent,
          reason: change.reason ?? null,
        },
      });
      result.cleared += 1;
      if (change.silent === null) result.queued += await queue(tx, engine, event.id, alert.rule as AlertRule, alert.service, now);
      return;
    }
  }
}
