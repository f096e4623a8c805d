import { MAX_DELIVERY_ATTEMPTS, retryDelayMs } from "@/lib/domain/alerts";
import type { Db } from "@/lib/platform/db/client";
import type { Logger } from "@/lib/platform/log";
import { describeFailure, isTransient, type AlertMessage, type ChannelSender } from "@/lib/upstream/channels";
import { metrics } from "@/lib/platform/metrics";

/*
 * The alert outbox: alert_delivery rows written with the firing or clearing they carry, sent by the
 * holder of the sync lock only. A row is claimed by moving its next attempt past the send's deadline
 * (a lease), so a process that dies mid-send leaves it for the next holder rather than losing it;
 * one that stops cleanly finishes its sends first, so a restart repeats nothing. Per alert and channel,
 * an event waits for the earlier ones, so a clearing never overtakes its firing. That makes the rows
 * of one claim different alerts on each channel: they go out side by side, so one slow or failing
 * receiver answer does not hold up the other alerts' news, and drains may overlap (each claims others).
 */

export interface DrainResult {
  sent: number;
  failed: number;
  dead: number;
}

/** A delivery that is due, with the event it carries as the channels render it. */
interface DueRow extends Omit<AlertMessage, "deliveryId"> {
  eventId: bigint;
  channel: string;
  attempts: number;
}

export interface DrainOptions {
  senders: ReadonlyMap<string, ChannelSender>;
  now: () => Date;
  logger: Logger;
  /** Longer than one send may take: a claimed row is free again after this. */
  leaseMs: number;
  batch?: number;
  /** Sends at a time per channel. */
  perChannel?: number;
  random?: () => number;
}

/** Enough for a burst of alerts (a broken main across services) without a crowd at one receiver. */
const PER_CHANNEL = 4;

async function claim(db: Db, channels: string[], now: Date, leaseMs: number, batch: number): Promise<DueRow[]> {
  return db.$queryRaw<DueRow[]>`
    WITH due AS (
      SELECT d.event_id, d.channel FROM alert_delivery d JOIN alert_event e ON e.id = d.event_id
      WHERE d.state = 'pending' AND d.next_attempt_at <= ${now} AND d.channel = ANY(${channels}::text[])
        AND NOT EXISTS (
          SELECT 1 FROM alert_delivery d2 JOIN alert_event e2 ON e2.id = d2.event_id
          WHERE d2.channel = d.channel AND d2.state = 'pending' AND e2.alert_id = e.alert_id AND e2.id < e.id)
      ORDER BY d.event_id LIMIT ${batch}
      FOR UPDATE OF d SKIP LOCKED
    ), claimed AS (
      UPDATE alert_delivery d SET next_attempt_at = ${new Date(now.getTime() + leaseMs)}, last_attempt_at = ${now}
      FROM due WHERE d.event_id = due.event_id AND d.channel = due.channel
      RETURNING d.event_id, d.channel, d.attempts
    )
    SELECT c.event_id AS "eventId", c.channel, c.attempts, e.kind, a.key, a.rule, a.service, a.subject, e.title, e.detail,
           e.event_at AS "eventAt", e.detected_at AS "detectedAt"
    FROM claimed c JOIN alert_event e ON e.id = c.event_id JOIN alert a ON a.id = e.alert_id
    ORDER BY c.event_id`;
}

/**
 * When the outbox next has a row to send on these channels: the earliest attempt of a pending row whose
 * alert has no earlier change pending on that channel (a clearing waiting for its firing is not due).
 */
export async function nextDueAt(db: Db, channels: readonly string[]): Promise<Date | null> {
  if (channels.length === 0) return null;
  const [row] = await db.$queryRaw<Array<{ at: Date | null }>>`
    SELECT min(d.next_attempt_at) AS at FROM alert_delivery d JOIN alert_event e ON e.id = d.event_id
    WHERE d.state = 'pending' AND d.channel = ANY(${[...channels]}::text[])
      AND NOT EXISTS (
        SELECT 1 FROM alert_delivery d2 JOIN alert_event e2 ON e2.id = d2.event_id
        WHERE d2.channel = d.channel AND d2.state = 'pending' AND e2.alert_id = e.alert_id AND e2.id < e.id)`;
  return row?.at ?? null;
}

/** Sends what is due: every channel at once, up to `perChannel` of a channel's rows at a time, oldest first. */
export async function drainOutbox(db: Db, options: DrainOptions): Promise<DrainResult> {
  const result: DrainResult = { sent: 0, failed: 0, dead: 0 };
  const channels = [...options.senders.keys()];
  if (channels.length === 0) return result;
  const rows = await claim(db, channels, options.now(), options.leaseMs, options.batch ?? 100);
  const byChannel = new Map<string, DueRow[]>();
  for (const row of rows) byChannel.set(row.channel, [...(byChannel.get(row.channel) ?? []), row]);
  await Promise.all(
    [...byChannel].map(async ([channel, list]) => {
      const sender = options.senders.get(channel);
      if (!sender) return;
      // After a failure the channel's rows not started yet wait for its retry (they were claimed: release
      // them to that moment), so a receiver that is down is not asked once per alert.
      let blocked: Date | null = null;
      const queue = [...list];
      const worker = async () => {
        for (let row = queue.shift(); row; row = queue.shift()) {
          if (blocked) {
            await db.alertDelivery.update({ where: { eventId_channel: { eventId: row.eventId, channel } }, data: { nextAttemptAt: blocked } });
            continue;
          }
          const outcome = await deliver(db, sender, row, options);
          result[outcome.result] += 1;
          metrics().alertDeliveries.inc({ channel, outcome: outcome.result });
          if (outcome.result === "failed") blocked ??= outcome.retryAt;
        }
      };
      await Promise.all(Array.from({ length: Math.min(options.perChannel ?? PER_CHANNEL, list.length) }, worker));
    }),
  );
  return result;
}

/** One attempt's outcome; a failed one is tried again at `retryAt`. */
type Attempt = { result: "sent" | "dead" } | { result: "failed"; retryAt: Date };

async function deliver(db: Db, sender: ChannelSender, row: DueRow, options: DrainOptions): Promise<Attempt> {
  const where = { eventId_channel: { eventId: row.eventId, channel: row.channel } };
  const attempts = row.attempts + 1;
  try {
    await sender.send({
      deliveryId: `${row.eventId}-${row.channel}`,
      kind: row.kind,
      key: row.key,
      rule: row.rule,
      service: row.service,
      subject: row.subject,
      title: row.title,
      detail: row.detail,
      eventAt: row.eventAt,
      detectedAt: row.detectedAt,
    });
    await db.alertDelivery.update({ where, data: { state: "sent", attempts, sentAt: options.now(), lastError: null } });
    return { result: "sent" };
  } catch (error) {
    const message = describeFailure(error);
    const dead = !isTransient(error) || attempts >= MAX_DELIVERY_ATTEMPTS;
    const nextAttemptAt = new Date(options.now().getTime() + retryDelayMs(attempts, options.random));
    await db.alertDelivery.update({ where, data: { state: dead ? "dead" : "pending", attempts, lastError: message, nextAttemptAt } });
    // The message names the channel kind and the status, never the URL (it carries the token).
    options.logger.warn({ channel: row.channel, alert: row.key, attempts, dead, err: message }, dead ? "alert delivery gave up" : "alert delivery failed; retrying");
    return dead ? { result: "dead" } : { result: "failed", retryAt: nextAttemptAt };
  }
}
