import { alertKey, DAMPED_RULES, type AlertRule } from "./rules";
import type { Condition, RuleVerdict } from "./types";

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

export type AlertChange =
  /** A new firing (a new key, or a resolved key firing again). */
  | { type: "fire"; key: string; condition: Condition; silent: SilentReason | null }
  /** Still firing: newer details and last seen; a pending clearing is called off (damping). */
  | { type: "refresh"; key: string; condition: Condition }
  /** The condition is gone but a damped rule waits before clearing. */
  | { type: "clearing"; key: string; since: Date }
  | { type: "clear"; key: string; at: Date; silent: SilentReason | null };

export interface ReconcileInput {
  alerts: ReadonlyMap<string, StoredAlert>;
  verdicts: readonly RuleVerdict[];
  now: Date;
  /** Per service: when its alerts began to be sent (its first backfill finished); null while backfilling. */
  alertsFrom: ReadonlyMap<string, Date | null>;
  clearAfterMs: number;
}

const isMuted = (alert: StoredAlert | undefined, now: Date) => Boolean(alert?.mutedUntil && alert.mutedUntil > now);

/** Whether a firing of this condition is history (before the service's alerts began) rather than news. */
function historyReason(condition: Condition, alertsFrom: ReadonlyMap<string, Date | null>): SilentReason | null {
  if (condition.service === null) return null;
  const from = alertsFrom.get(condition.service);
  if (from === undefined || from === null) return "backfilling";
  return condition.eventAt < from ? "history" : null;
}

export function reconcile({ alerts, verdicts, now, alertsFrom, clearAfterMs }: ReconcileInput): AlertChange[] {
  const changes: AlertChange[] = [];
  for (const verdict of verdicts) {
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
      const silent: SilentReason | null = !stored.notified ? "unsent_firing" : isMuted(stored, now) ? "muted" : null;
      changes.push({ type: "clear", key: stored.key, at, silent });
    }
  }
  return changes;
}
