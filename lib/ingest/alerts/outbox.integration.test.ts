import http from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { ALERT_RULES, DEFAULT_THRESHOLDS } from "@/lib/domain/alerts";
import type { ChannelConfig } from "@/lib/platform/config";
import { createSender, type ChannelSender } from "@/lib/upstream/channels";
import { createSyncLoop, type AlertLoopOptions, type SyncLoop } from "@/lib/ingest/loop";
import { startAlertReceiver, startSmtpReceiver, type AlertInbox } from "@/simulator/receivers";
import { evaluateAlerts, type AlertEngine } from "./evaluate";
import { drainOutbox } from "./outbox";
import { addPipeline, addService, mainJobs, T0, alertWorld } from "./testing";

/*
 * The outbox against real receivers: the simulator's HTTP receiver (generic webhook with its HMAC
 * check, Slack, Teams) and its in-process SMTP server. Each firing and each clearing must arrive
 * exactly once per channel through receiver faults, a restart mid-delivery and two processes.
 */

const MIN = 60_000;
const SECRET = "alert-webhook-secret-0123456789";
const silent = pino({ level: "silent" });
const route = { rules: null, services: null };
// Only the rule these tests drive (the clock moves on, and sync_behind would fire too).
const ONLY_MAIN_FAILED = new Set(ALERT_RULES.filter((r) => r !== "main_pipeline_failed"));

const world = alertWorld();
let receiver: Awaited<ReturnType<typeof startAlertReceiver>>;
let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
let inbox: AlertInbox;
let channels: ChannelConfig[];
let clock: number;
let pipelineId = 100;

const now = () => new Date(clock);
const engine = (): AlertEngine => ({
  alerts: { disabled: ONLY_MAIN_FAILED, thresholds: DEFAULT_THRESHOLDS },
  channels: channels.map((c) => ({ name: c.kind, route: c.route })),
  findingMaxAgeDays: {},
  services: ["server"],
});
// Generous: an answer the receiver sent after the sender gave up is a repeat (at-least-once), which a slow machine must not cause here.
const sendersOf = (list: ChannelConfig[], timeoutMs = 3_000) => new Map<string, ChannelSender>(list.map((c) => [c.kind, createSender(c, { timeoutMs, publicUrl: "http://stageboard.test" })]));

/** A main pipeline that failed (or passed) now, then the evaluation the sync runs. */
async function mainRun(status: "failed" | "success") {
  pipelineId += 1;
  clock += 20 * MIN;
  await addPipeline(world.db, world.serverId, pipelineId, new Date(clock - 15 * MIN), status, mainJobs(status === "failed" ? "test" : undefined));
  await evaluateAlerts(world.db, engine(), now(), silent);
}

/** Drains until nothing is pending, moving the clock past each backoff. */
async function drainAll(senders: Map<string, ChannelSender>, rounds = 12) {
  for (let i = 0; i < rounds; i += 1) {
    await drainOutbox(world.db, { senders, now, logger: silent, leaseMs: 5_000, random: () => 0 });
    if ((await world.db.alertDelivery.count({ where: { state: "pending" } })) === 0) return;
    clock += 10 * MIN;
  }
}

/** A sync loop that evaluates and sends alerts only: nothing here needs GitLab, so its address is a dead one. */
function sendingLoop(delivery: Pick<AlertLoopOptions, "channels" | "deliveryTimeoutMs" | "deliveryClock">): SyncLoop {
  return createSyncLoop({
    db: world.db,
    databaseUrl: world.url,
    gitlab: { url: "http://127.0.0.1:9", token: "unused" },
    services: [{ name: "server", project: "cwiq/server" }],
    pollIntervalSeconds: 5,
    backfillDays: 1,
    concurrency: 1,
    requestTimeoutMs: 500,
    logger: silent,
    now,
    alerts: { engine: { alerts: { disabled: ONLY_MAIN_FAILED, thresholds: DEFAULT_THRESHOLDS }, findingMaxAgeDays: {} }, publicUrl: undefined, ...delivery },
  });
}

const receivedBy = (channel: string) => inbox.received.filter((r) => r.channel === channel).map((r) => r.state);

beforeAll(async () => {
  receiver = await startAlertReceiver({ secret: SECRET });
  inbox = receiver.inbox;
  smtp = await startSmtpReceiver(inbox);
  channels = [
    { kind: "webhook", url: `${receiver.url}/receiver/webhook`, secret: SECRET, route },
    { kind: "slack", url: `${receiver.url}/receiver/slack`, route },
    { kind: "teams", url: `${receiver.url}/receiver/teams`, route },
    { kind: "email", smtpUrl: `smtp://127.0.0.1:${smtp.port}`, from: "stageboard@example.com", to: ["oncall@example.com"], route },
  ];
});

afterAll(async () => {
  await receiver.close();
  await smtp.close();
});

beforeEach(async () => {
  inbox.reset();
  clock = T0.getTime();
});

describe("alert outbox", () => {
  it("delivers a firing and its clearing once to every channel: signed webhook, Slack blocks, Teams card, e-mail", async () => {
    const senders = sendersOf(channels);
    await mainRun("failed");
    await drainAll(senders);
    await mainRun("failed");
    await drainAll(senders);
    await mainRun("success");
    await drainAll(senders);
    for (const channel of ["webhook", "slack", "teams", "email"]) expect(receivedBy(channel), channel).toEqual(["firing", "resolved"]);
    const hook = inbox.received.find((r) => r.channel === "webhook");
    expect(hook?.signatureValid).toBe(true);
    expect(hook?.body).toMatchObject({ version: 1, state: "firing", rule: "main_pipeline_failed", service: "server", key: "main_pipeline_failed:server:main" });
    expect(JSON.stringify(hook?.body)).toContain("http://stageboard.test/pipelines/");
    const slack = inbox.received.find((r) => r.channel === "slack")?.body as { blocks: Array<{ type: string; elements?: Array<{ url?: string }> }> };
    const buttons = slack.blocks.find((b) => b.type === "actions")?.elements?.map((e) => e.url) ?? [];
    expect(buttons.some((u) => u?.startsWith("http://stageboard.test/alerts"))).toBe(true);
    expect(buttons.some((u) => u?.startsWith("https://gitlab.example/"))).toBe(true);
    const teams = inbox.received.find((r) => r.channel === "teams")?.body as { attachments: Array<{ contentType: string }> };
    expect(teams.attachments[0]?.contentType).toBe("application/vnd.microsoft.card.adaptive");
    const deliveries = await world.db.alertDelivery.findMany();
    expect(deliveries).toHaveLength(8);
    expect(deliveries.every((d) => d.state === "sent" && d.attempts === 1 && d.sentAt)).toBe(true);
  });

  it.each(["500", "timeout", "drop"] as const)("retries a receiver %s with backoff until it is received, once", async (kind) => {
    const senders = sendersOf(channels);
    // A timeout hangs past the sender's 3 s limit, then closes without an answer.
    inbox.setFaults([{ kind, count: 2, delayMs: 4_000 }]);
    await mainRun("failed");
    await drainAll(senders);
    expect(inbox.counts.failedByFault).toBe(2);
    for (const channel of ["webhook", "slack", "teams", "email"]) expect(receivedBy(channel), channel).toEqual(["firing"]);
    const retried = await world.db.alertDelivery.findMany({ where: { attempts: { gt: 1 } } });
    expect(retried.length).toBeGreaterThan(0);
    expect(retried.every((d) => d.state === "sent")).toBe(true);
  });

  it("a rule turned off while firing sends its clearing once to every channel, saying why; no dangling alarm", async () => {
    const senders = sendersOf(channels);
    await mainRun("failed");
    await drainAll(senders);
    // ALERT_RULES_OFF now names it too: every rule is off. Main is still red.
    const allOff = { ...engine(), alerts: { disabled: new Set(ALERT_RULES), thresholds: DEFAULT_THRESHOLDS } };
    for (let i = 0; i < 2; i += 1) {
      clock += 5 * MIN;
      await evaluateAlerts(world.db, allOff, now(), silent);
      await drainAll(senders);
    }
    for (const channel of ["webhook", "slack", "teams", "email"]) expect(receivedBy(channel), channel).toEqual(["firing", "resolved"]);
    const hook = inbox.received.find((r) => r.channel === "webhook" && r.state === "resolved");
    expect(hook?.body).toMatchObject({ state: "resolved", key: "main_pipeline_failed:server:main" });
    expect(JSON.stringify(hook?.body)).toContain("Cleared because its rule was turned off");
    const slack = inbox.received.find((r) => r.channel === "slack" && r.state === "resolved");
    expect(JSON.stringify(slack?.body)).toContain("rule turned off");
  });

  it("a delivery the receiver refuses (4xx: wrong URL) is dead at once, recorded with its error, and never names the URL", async () => {
    const wrong: ChannelConfig = { kind: "slack", url: `${receiver.url}/receiver/nowhere/T0KEN-in-the-url`, route };
    await mainRun("failed");
    await world.db.alertDelivery.deleteMany({ where: { channel: { not: "slack" } } });
    await drainAll(sendersOf([wrong]));
    const [delivery] = await world.db.alertDelivery.findMany();
    expect(delivery?.state).toBe("dead");
    expect(delivery?.attempts).toBe(1);
    expect(delivery?.lastError).toContain("404");
    expect(delivery?.lastError).not.toContain("T0KEN");
  });

  it("a clearing waits for its firing on the same channel", async () => {
    const senders = sendersOf(channels.filter((c) => c.kind === "webhook"));
    inbox.setFaults([{ kind: "500", count: 1, channel: "webhook" }]);
    await mainRun("failed");
    await mainRun("success");
    await drainAll(senders);
    expect(receivedBy("webhook")).toEqual(["firing", "resolved"]);
  });
});

describe("leader-only sending and restarts", () => {
  const loop = () => sendingLoop({ channels, deliveryTimeoutMs: 3_000 });

  it("two processes deliver each alert once: only the lock holder sends", async () => {
    const a = loop();
    const b = loop();
    try {
      await mainRun("failed");
      await Promise.all([a.deliverAlerts(), b.deliverAlerts(), a.deliverAlerts(), b.deliverAlerts()]);
      for (const channel of ["webhook", "slack", "teams", "email"]) expect(receivedBy(channel), channel).toEqual(["firing"]);
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  it("a stop in the middle of a delivery finishes it; the next process sends the rest, nothing twice", async () => {
    const a = loop();
    const b = loop();
    try {
      inbox.setFaults([{ kind: "slow", count: 1, delayMs: 800, channel: "webhook" }]);
      await mainRun("failed");
      await mainRun("success");
      const inFlight = a.deliverAlerts();
      // Stop while the webhook's answer is still on its way.
      await new Promise((r) => setTimeout(r, 200));
      await a.stop();
      await inFlight;
      await b.deliverAlerts();
      await b.deliverAlerts();
      for (const channel of ["webhook", "slack", "teams", "email"]) expect(receivedBy(channel), channel).toEqual(["firing", "resolved"]);
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  it("a process that died holding claimed deliveries loses nothing: they are sent after the lease", async () => {
    await mainRun("failed");
    // What a claim does, by a process that then died before sending.
    await world.db.alertDelivery.updateMany({ data: { nextAttemptAt: new Date(clock + 5_000) } });
    const senders = sendersOf(channels);
    await drainOutbox(world.db, { senders, now, logger: silent, leaseMs: 5_000 });
    expect(inbox.received).toHaveLength(0);
    clock += 6_000;
    await drainOutbox(world.db, { senders, now, logger: silent, leaseMs: 5_000 });
    for (const channel of ["webhook", "slack", "teams", "email"]) expect(receivedBy(channel), channel).toEqual(["firing"]);
  });
});

/**
 * A Slack-like receiver that holds its first request until the test releases it (or 10 s pass: then
 * 503), answering every other at once; `log` says in which order things happened.
 */
async function holdingReceiver() {
  const log: string[] = [];
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  let held = false;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = String((JSON.parse(Buffer.concat(chunks).toString("utf8")) as { text?: unknown }).text);
      const service = /FIRING: (\S+):/.exec(text)?.[1] ?? "?";
      if (held) {
        log.push(`answered ${service}`);
        res.writeHead(200).end("ok");
        return;
      }
      held = true;
      log.push(`holding ${service}`);
      const timer = setTimeout(() => release(), 10_000);
      void released.then(() => {
        clearTimeout(timer);
        log.push(`released ${service}`);
        res.writeHead(200).end("ok");
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const channel: ChannelConfig = { kind: "slack", url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, route };
  /** Resolves once the first request is being held. */
  const holding = async () => {
    while (!held) await new Promise((r) => setTimeout(r, 10));
  };
  return { log, channel, holding, release: () => release(), close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe("a slow receiver answer holds up no other alert", () => {
  /** server's and ui's main pipelines failed: two alerts, one outbox row each on the one channel. */
  async function twoServicesBroken() {
    const uiId = await addService(world.db, "ui", T0);
    clock += 20 * MIN;
    await addPipeline(world.db, world.serverId, 900, new Date(clock - 15 * MIN), "failed", mainJobs("test"));
    await addPipeline(world.db, uiId, 901, new Date(clock - 14 * MIN), "failed", mainJobs("test"));
  }
  const evaluateBoth = (channel: ChannelConfig) => evaluateAlerts(world.db, { ...engine(), channels: [{ name: channel.kind, route }], services: ["server", "ui"] }, now(), silent);

  it("within one drain, the channel's other alerts are sent while one answer is awaited", async () => {
    const receiver = await holdingReceiver();
    try {
      await twoServicesBroken();
      await evaluateBoth(receiver.channel);
      const drain = drainOutbox(world.db, { senders: sendersOf([receiver.channel], 15_000), now, logger: silent, leaseMs: 60_000 });
      await receiver.holding();
      // Wait for the other alert's answer, then let the held one go.
      while (receiver.log.length < 2) await new Promise((r) => setTimeout(r, 10));
      receiver.release();
      expect(await drain).toEqual({ sent: 2, failed: 0, dead: 0 });
      expect(receiver.log.map((l) => l.split(" ")[0])).toEqual(["holding", "answered", "released"]);
    } finally {
      receiver.release();
      await receiver.close();
    }
  });

  it("a drain asked for while another awaits an answer sends the newer alert at once", async () => {
    const receiver = await holdingReceiver();
    const sync = sendingLoop({ channels: [receiver.channel], deliveryTimeoutMs: 15_000 });
    try {
      await mainRun("failed");
      await world.db.alertDelivery.deleteMany({ where: { channel: { not: "slack" } } });
      const first = sync.deliverAlerts();
      await receiver.holding();
      // ui breaks while server's alert still awaits its answer; the next drain sends it.
      const uiId = await addService(world.db, "ui", T0);
      await addPipeline(world.db, uiId, 902, new Date(clock - 10 * MIN), "failed", mainJobs("lint"));
      await evaluateBoth(receiver.channel);
      await sync.deliverAlerts();
      expect(receiver.log).toEqual(["holding server", "answered ui"]);
      receiver.release();
      await first;
      expect(receiver.log).toEqual(["holding server", "answered ui", "released server"]);
      expect(await world.db.alertDelivery.count({ where: { state: "sent" } })).toBe(2);
    } finally {
      receiver.release();
      await sync.stop();
      await receiver.close();
    }
  });
});

describe("retries come due on their own", () => {
  it("the lock holder tries a failed delivery again when its backoff ends, with no cycle or call in between", async () => {
    const webhook = channels.filter((c) => c.kind === "webhook");
    // Backoff in real time: the rows are due on the test's clock, retried a second later on the real one.
    const sync = sendingLoop({ channels: webhook, deliveryTimeoutMs: 3_000, deliveryClock: () => new Date() });
    try {
      inbox.setFaults([{ kind: "500", count: 1, channel: "webhook" }]);
      await mainRun("failed");
      await world.db.alertDelivery.deleteMany({ where: { channel: { not: "webhook" } } });
      await sync.deliverAlerts();
      const [failed] = await world.db.alertDelivery.findMany();
      expect([failed?.state, failed?.attempts]).toEqual(["pending", 1]);
      expect(receivedBy("webhook")).toEqual([]);
      // Nobody calls again: the runner's own timer sends it.
      await vi.waitFor(async () => expect((await world.db.alertDelivery.findFirstOrThrow()).state).toBe("sent"), { timeout: 15_000, interval: 100 });
      expect(receivedBy("webhook")).toEqual(["firing"]);
      expect((await world.db.alertDelivery.findFirstOrThrow()).attempts).toBe(2);
    } finally {
      await sync.stop();
    }
  });
});
