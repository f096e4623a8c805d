import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_THRESHOLDS } from "@/lib/domain/alerts";
import type { ChannelConfig } from "@/lib/platform/config";
import { createSyncLoop, type SyncLoop } from "@/lib/ingest/loop";
import { startSimulator, type Simulator } from "@/simulator";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { simulatedSyncOptions } from "@/test/support/simulated-sync";

/*
 * The whole path: the real sync against the simulated CWIQ platform, alerts evaluated after each
 * cycle, delivered to the simulator's own receivers. The first backfill of 5 days of history sends
 * nothing; a main pipeline broken through the simulator's control API then fires once on every
 * channel, and the next green one clears once.
 */

const ANCHOR = Date.parse("2026-06-01T12:00:00.000Z");
const all = { rules: null, services: null };

let sim: Simulator;
let tdb: TestDatabase;
let loop: SyncLoop;

const KEY = "main_pipeline_failed:server:main";
const received = () => sim.alertReceivers.inbox.received.filter((r) => JSON.stringify(r.body).includes("main pipeline #") && r.title.startsWith("server:"));

async function push(fail: string | null): Promise<void> {
  const answer = await fetch(`${sim.url}/__sim/scenario?project=cwiq/server${fail ? `&fail=${fail}` : ""}`, { method: "POST" });
  expect(answer.status).toBe(200);
  const plan = (await answer.json()) as { id: number };
  await fetch(`${sim.url}/__sim/settle?pipeline_id=${plan.id}`, { method: "POST" });
  await loop.runCycle();
}

beforeAll(async () => {
  sim = await startSimulator({ seed: 5, now: ANCHOR, historyDays: 5, pipelinesPerDay: 8, liveIntervalSeconds: 0, frozen: true, rateLimitPerMinute: 0 });
  tdb = await createTestDatabase();
  const r = sim.alertReceivers;
  const channels: ChannelConfig[] = [
    { kind: "webhook", url: r.webhookUrl, secret: r.secret, route: all },
    { kind: "slack", url: r.slackUrl, route: all },
    { kind: "teams", url: r.teamsUrl, route: all },
    { kind: "email", smtpUrl: r.smtpUrl, from: "stageboard@example.com", to: ["team@example.com"], route: all },
  ];
  loop = createSyncLoop(
    simulatedSyncOptions(sim, tdb, {
      sonarqube: sim.sonarqube,
      defectdojo: sim.defectdojo,
      backfillDays: 5,
      alerts: {
        engine: { alerts: { disabled: new Set(), thresholds: DEFAULT_THRESHOLDS }, findingMaxAgeDays: { CRITICAL: 7, HIGH: 30 } },
        channels,
        deliveryTimeoutMs: 2_000,
        publicUrl: "http://stageboard.test",
      },
    }),
  );
});

afterAll(async () => {
  await loop.stop();
  await sim.close();
  await tdb.drop();
});

describe("alerts through the sync", () => {
  it("sends nothing for the first backfill of history, while its firing alerts are recorded", async () => {
    for (let i = 0; i < 3; i += 1) await loop.runCycle();
    expect(sim.alertReceivers.inbox.received.map((r) => `${r.channel} ${r.state} ${r.title}`)).toEqual([]);
    const recorded = await tdb.db.alertEvent.count();
    expect(recorded).toBeGreaterThan(0);
    expect(await tdb.db.alertEvent.count({ where: { silentReason: null } })).toBe(0);
    expect(await tdb.db.alertDelivery.count()).toBe(0);
  }, 180_000);

  it("a main pipeline broken in the simulator fires once on every channel, naming the job; the next green one clears once", async () => {
    await push("test");
    await push("test");
    const firing = await tdb.db.alert.findUniqueOrThrow({ where: { key: KEY } });
    expect(firing.state).toBe("firing");
    expect(firing.title).toContain("failed in test");
    expect(received().map((r) => [r.channel, r.state]).sort()).toEqual([
      ["email", "firing"],
      ["slack", "firing"],
      ["teams", "firing"],
      ["webhook", "firing"],
    ]);
    expect(received().find((r) => r.channel === "webhook")?.signatureValid).toBe(true);

    await push(null);
    expect((await tdb.db.alert.findUniqueOrThrow({ where: { key: KEY } })).state).toBe("resolved");
    const states = received().map((r) => `${r.channel}:${r.state}`).sort();
    expect(states).toEqual(["email:firing", "email:resolved", "slack:firing", "slack:resolved", "teams:firing", "teams:resolved", "webhook:firing", "webhook:resolved"]);
  }, 120_000);

  it("a broken main is evaluated and sent as soon as the poll stored it, before the cycle reads its test report; the failed tests join the alert after", async () => {
    const before = sim.alertReceivers.inbox.received.length;
    await push("test");
    const firing = await tdb.db.alertEvent.findFirstOrThrow({ where: { alert: { key: KEY }, kind: "firing" }, orderBy: { id: "desc" } });
    expect(firing.silentReason).toBeNull();
    // Written before the test report was read: the job, not yet the tests.
    const facts = (detail: unknown) => (detail as { facts?: Array<{ name: string; value: string }> }).facts ?? [];
    expect(facts(firing.detail).map((f) => f.name)).toEqual(["Stage", "Job", "Commit"]);
    // Read later in the same cycle: the alert (and /alerts) now names them.
    const alert = await tdb.db.alert.findUniqueOrThrow({ where: { key: KEY } });
    expect(alert.state).toBe("firing");
    expect(facts(alert.detail).find((f) => f.name === "Tests")?.value).toMatch(/^\d+ tests? failed$/);
    // Sent once per channel all the same.
    const arrived = sim.alertReceivers.inbox.received.slice(before).filter((r) => r.title.startsWith("server: main pipeline #"));
    expect(arrived.map((r) => `${r.channel}:${r.state}`).sort()).toEqual(["email:firing", "slack:firing", "teams:firing", "webhook:firing"]);
  }, 120_000);
});
