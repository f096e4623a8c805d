import { alertKey, DAMPED_RULES, type AlertRule } from "./rules";
import type { AlertDetail, Condition, RuleVerdict } from "./types";

/*
 * From the alerts as stored and the rules' verdicts now to the changes to make. Pure, so the rules of
 * firing once, clearing once, damping and staying quiet about history are tested without a database.
 */

export interface StoredAlert {
  key: string;
  rule: AlertRule;
  service: string | null;
  state: "firing" | "resolved";
  notified: boolean;
  clearingSince: Date | null;
  mutedUntil: Date | null;
}

/** Why a transition is recorded without being sent. */
export type SilentReason = "history" | "muted" | "unsent_firing" | "backfilling";

/** Why a clearing came other than from its condition going away: its rule was switched off. */
export type ClearReason = "rule_off";

export const CLEAR_REASON_TEXT: Readonly<Record<ClearReason, string>> = { rule_off: "rule turned off" };

/**
 * What such a clearing says, on every channel and on /alerts: why it cleared (the problem itself may
 * still be there, nobody checks it any more), then what it had fired for.
 */
export function clearingDetail(reason: ClearReason, fired: AlertDetail): AlertDetail {
  return {
    message: `Cleared because its rule was turned off (ALERT_RULES_OFF): Stageboard no longer checks it, so this does not say the problem is gone. It had fired for: ${fired.message}`,
    facts: [{ name: "Cleared because", value: CLEAR_REASON_TEXT[reason] }, ...(fired.facts ?? [])],
    ...(fired.links ? { links: fired.links } : {}),
  };
}

export type AlertChange =
  /** A new firing (a new key, or a resolved key firing again). */
  | { type: "fire"; key: string; condition: Condition; silent: SilentReason | null }
  /** Still firing: newer details and last seen; a pending clearing is called off (damping). */
  | { type: "refresh"; key: string; condition: Condition }
  /** The condition is gone but a damped rule waits before clearing. */
  | { type: "clearing"; key: string; since: Date }
  | { type: "clear"; key: string; at: Date; silent: SilentReason | null; reason?: ClearReason };

export interface ReconcileInput {
  alerts: ReadonlyMap<string, StoredAlert>;
  verdicts: readonly RuleVerdict[];
  now: Date;
  /** Per service: when its alerts began to be sent (its first backfill finished); null while backfilling. */
  alertsFrom: ReadonlyMap<string, Date | null>;
  clearAfterMs: number;
  /**
   * Rules switched off: their firing alerts clear now, sent like any clearing so no channel keeps a
   * dangling alarm, and nothing of theirs fires again (they have no verdict) until switched back on.
   */
  disabled?: ReadonlySet<AlertRule>;
}

const isMuted = (alert: StoredAlert | undefined, now: Date) => Boolean(alert?.mutedUntil && alert.mutedUntil > now);

/** Whether a firing of this condition is history (before the service's alerts began) rather than news. */
function historyReason(condition: Condition, alertsFrom: ReadonlyMap<string, Date | null>): SilentReason | null {
  if (condition.service === null) return null;
  const from = alertsFrom.get(condition.service);
  if (from === undefined || from === null) return "backfilling";
  return condition.eventAt < from ? "history" : null;
}

/** A clearing's silence: a firing never sent clears unsent, a muted key quietly; otherwise it is sent. */
const clearSilence = (stored: StoredAlert, now: Date): SilentReason | null => (!stored.notified ? "unsent_firing" : isMuted(stored, now) ? "muted" : null);

export function reconcile({ alerts, verdicts, now, alertsFrom, clearAfterMs, disabled }: ReconcileInput): AlertChange[] {
  const changes: AlertChange[] = [];
  if (disabled?.size) {
    // Not damped: switching a rule off is a decision, not a flapping measurement.
    for (const stored of alerts.values()) {
      if (stored.state === "firing" && disabled.has(stored.rule)) changes.push({ type: "clear", key: stored.key, at: now, silent: clearSilence(stored, now), reason: "rule_off" });
    }
  }
  for (const verdict of verdicts) {
    if (disabled?.has(verdict.rule)) continue;
    const seen = new Set<string>();
    for (const condition of verdict.conditions) {
      const key = alertKey(condition.rule, condition.service, condition.subject);
      if (seen.has(key)) continue;
      seen.add(key);
      const stored = alerts.get(key);
      if (stored?.state === "firing") {
        changes.push({ type: "refresh", key, condition });
        continue;
      }
      const silent = historyReason(condition, alertsFrom) ?? (isMuted(stored, now) ? "muted" : null);
      changes.push({ type: "fire", key, condition, silent });
    }
    const services = new Set(verdict.services);
    for (const stored of alerts.values()) {
      if (stored.rule !== verdict.rule || stored.state !== "firing" || !services.has(stored.service)) continue;
      if (seen.has(stored.key) || verdict.undecided?.has(stored.key)) continue;
      const at = verdict.clearedAt?.get(stored.key) ?? now;
      if (DAMPED_RULES.has(stored.rule)) {
        const since = stored.clearingSince ?? now;
        if (now.getTime() - since.getTime() < clearAfterMs) {
          if (!stored.clearingSince) changes.push({ type: "clearing", key: stored.key, since });
          continue;
        }
      }
      changes.push({ type: "clear", key: stored.key, at, silent: clearSilence(stored, now) });
    }
  }
  return changes;
}
