import pino from "pino";
import { DEFAULT_THRESHOLDS } from "@/lib/domain/alerts";
import { createSyncLoop } from "@/lib/ingest/loop";
import { DEFAULT_SERVICES, type ChannelConfig } from "@/lib/platform/config";
import { createDb } from "@/lib/platform/db/client";
import { startSimulator } from "@/simulator";
import { benchDatabase } from "./environment";
import { percentile, report } from "./stats";

/*
 * Alerts end to end: the real sync against the simulated CWIQ platform with 30 days of history, the
 * alert evaluation after each cycle, and the outbox to the simulator's real HTTP receiver (signed
 * webhook, Slack, Teams) and its SMTP server, with receiver faults (500, timeouts, dropped
 * connections) injected along the way. Main pipelines of two services are broken and mended through
 * the simulator's control API; every firing and clearing must arrive exactly once per channel.
 * The loop evaluates and sends as it does in production (as soon as a cycle stored pipelines, again
 * after the cycle, retries when their backoff ends), on its own; the bench only waits. Latency: from
 * the moment the poll that saw a round's pipelines finish stored them to each receiver's 2xx.
 */

const ANCHOR = Date.parse("2026-06-01T12:00:00.000Z");
const ROUNDS = Number(process.env.BENCH_ALERT_ROUNDS ?? 5);
const SERVICES = ["server", "iam-api"];
const silent = pino({ level: "silent" });
const all = { rules: null, services: null };

export async function benchAlerts() {
  const database = await benchDatabase();
  const db = createDb(database.url, { max: 5 });
  const sim = await startSimulator({ seed: 1414, now: ANCHOR, historyDays: 30, pipelinesPerDay: 6, liveIntervalSeconds: 600, frozen: true, rateLimitPerMinute: 0 });
  const r = sim.alertReceivers;
  const channels: ChannelConfig[] = [
    { kind: "webhook", url: r.webhookUrl, secret: r.secret, route: all },
    { kind: "slack", url: r.slackUrl, route: all },
    { kind: "teams", url: r.teamsUrl, route: all },
    { kind: "email", smtpUrl: r.smtpUrl, from: "stageboard@example.com", to: ["team@example.com"], route: all },
  ];
  const loop = createSyncLoop({
    db,
    databaseUrl: database.url,
    gitlab: { url: sim.url, token: sim.token },
    sonarqube: sim.sonarqube,
    defectdojo: sim.defectdojo,
    services: DEFAULT_SERVICES.map((name) => ({ name, project: `cwiq/${name}` })),
    pollIntervalSeconds: 5,
    backfillDays: 30,
    concurrency: 4,
    requestTimeoutMs: 5_000,
    logger: silent,
    now: () => new Date(sim.clock.now()),
    alerts: {
      engine: { alerts: { disabled: new Set(), thresholds: DEFAULT_THRESHOLDS }, findingMaxAgeDays: { CRITICAL: 7, HIGH: 30 } },
      channels,
      // Far above a local receiver's answer, below the injected 3 s hang.
      deliveryTimeoutMs: 2_000,
      publicUrl: "http://stageboard.bench",
      // The simulated world stands still (frozen clock); retries wait real seconds.
      deliveryClock: () => new Date(),
    },
  });

  /** One poll (the loop evaluates and sends during and after it), then a wait until nothing is pending: the loop retries on its own when each backoff ends. */
  async function cycle(): Promise<void> {
    await loop.runCycle();
    for (let i = 0; i < 600; i += 1) {
      if ((await db.alertDelivery.count({ where: { state: "pending" } })) === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** A push to the service's main (its own live pipelines paused from now on), finished; its pipeline id. */
  async function push(service: string, fail: string | null): Promise<number> {
    const answer = await fetch(`${sim.url}/__sim/scenario?project=cwiq/${service}&pause=1${fail ? `&fail=${fail}` : ""}`, { method: "POST" });
    const { id } = (await answer.json()) as { id: number };
    await fetch(`${sim.url}/__sim/settle?pipeline_id=${id}`, { method: "POST" });
    return id;
  }

  try {
    // The first start: 30 days of history, backfilled, then two more polls for the steps that wait for it.
    const backfill = performance.now();
    for (let i = 0; i < 3; i += 1) await cycle();
    report("alerts.backfill_cycles_s", (performance.now() - backfill) / 1000, "s");
    report("alerts.sent_for_history", r.inbox.received.length, "messages");
    report("alerts.recorded_for_history", await db.alertEvent.count(), "transitions");

    // The scenario alone from here: every service's own live pipelines paused (one green push each).
    for (const service of DEFAULT_SERVICES) await push(service, null);
    await cycle();

    const latencies: number[] = [];
    const fromPollStart: number[] = [];
    const faults = [
      [{ kind: "500" as const, count: 3 }],
      [{ kind: "timeout" as const, count: 2, delayMs: 3_000 }],
      [{ kind: "drop" as const, count: 3 }],
    ];
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const fail of ["lint", null]) {
        r.inbox.setFaults(faults[round % faults.length] ?? []);
        const ids: number[] = [];
        for (const service of SERVICES) ids.push(await push(service, fail));
        const before = r.inbox.received.length;
        const pollStart = Date.now();
        await cycle();
        // From the moment the poll that saw them stored the round's first finished pipeline.
        const seen = await db.pipeline.findMany({ where: { id: { in: ids.map(BigInt) } }, select: { syncedAt: true } });
        const seenAt = Math.min(...seen.map((p) => p.syncedAt.getTime()));
        for (const got of r.inbox.received.slice(before)) {
          latencies.push(got.receivedAt - seenAt);
          fromPollStart.push(got.receivedAt - pollStart);
        }
      }
    }

    // Expected: every sent transition on every channel it was routed to. Slack and Teams carry no id, so they are matched by state and title.
    const deliveries = await db.alertDelivery.findMany({ include: { event: { select: { kind: true, title: true } } } });
    const keyOf = (channel: string, id: string | null, state: string | null, title: string) =>
      id ? `${channel}|${id}` : `${channel}|${state}|${title}`;
    const expected = new Map<string, number>();
    for (const d of deliveries) {
      const id = d.channel === "webhook" || d.channel === "email" ? `${d.eventId}-${d.channel}` : null;
      const key = keyOf(d.channel, id, d.event.kind, d.event.title);
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    const got = new Map<string, number>();
    for (const m of r.inbox.received) {
      const key = keyOf(m.channel, m.deliveryId, m.state, m.title);
      got.set(key, (got.get(key) ?? 0) + 1);
    }
    let lost = 0;
    let duplicates = 0;
    for (const [key, n] of expected) lost += Math.max(0, n - (got.get(key) ?? 0));
    for (const [key, n] of got) duplicates += Math.max(0, n - (expected.get(key) ?? 0));
    const transitions = await db.alertEvent.count({ where: { silentReason: null } });
    report("alerts.transitions_sent", transitions, "transitions");
    report("alerts.expected", deliveries.length, "messages");
    report("alerts.received", r.inbox.received.length, "messages");
    report("alerts.lost", lost, "messages");
    report("alerts.duplicates", duplicates, "messages");
    report("alerts.receiver_faults_injected", r.inbox.counts.failedByFault, "requests");
    report("alerts.bad_signatures", r.inbox.received.filter((m) => m.signatureValid === false).length, "messages");
    report("alerts.dead_deliveries", await db.alertDelivery.count({ where: { state: "dead" } }), "deliveries");
    report("alerts.delivery_p50_ms", percentile(latencies, 50), "ms");
    report("alerts.delivery_p95_ms", percentile(latencies, 95), "ms");
    // The same from the start of the whole poll (every service's steps before the evaluation).
    report("alerts.poll_start_to_receiver_p95_ms", percentile(fromPollStart, 95), "ms");
  } finally {
    await loop.stop();
    await sim.close();
    await db.$disconnect();
    await database.close();
  }
}

// `npx tsx bench/alerts.ts` runs this figure alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  benchAlerts().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
