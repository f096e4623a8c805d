import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "../../app/api/webhooks/gitlab/route";
import { ConfigError, loadConfig } from "@/lib/platform/config";
import { startSimulator, type Simulator } from "@/simulator";
import { createSyncLoop } from "@/lib/ingest/loop";
import { syncOptionsFromConfig } from "@/lib/runtime/sync-options";
import { secondsSinceLastWebhook } from "@/lib/ingest/webhooks/queue";
import { pollIntervalSeconds } from "@/lib/ingest/webhooks/rhythm";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { serveRoute } from "../../test/proof/route-server";
import { demoUpstream, localWebhookUrl, startUpstreamWebhooks, withDemoWebhookSecret } from "./upstream";

/*
 * `npm start` in demo mode, minus Next and the embedded database: the secret made at start reaches the
 * real webhook route through the environment, the demo upstream's webhooks go to that route over HTTP,
 * and the sync loop built from the same configuration then only reconciles.
 */
const ANCHOR = Date.parse("2026-06-01T12:00:00.000Z");
const silent = pino({ level: "silent" });

let sim: Simulator;
let database: TestDatabase;
let route: { url: string; close(): Promise<void> };
const presentedTokens: (string | null)[] = [];
const savedSecret = process.env.GITLAB_WEBHOOK_SECRET;

beforeAll(async () => {
  delete process.env.GITLAB_WEBHOOK_SECRET;
  sim = await startSimulator({ seed: 31, now: ANCHOR, historyDays: 1, pipelinesPerDay: 12, liveIntervalSeconds: 600, frozen: true, rateLimitPerMinute: 0 });
  database = await createTestDatabase();
  process.env.DATABASE_URL = database.url;
  // The real route handler; only the token each delivery presents is noted on the way in.
  route = await serveRoute((request) => {
    presentedTokens.push(request.headers.get("x-gitlab-token"));
    return POST(request);
  });
});

afterAll(async () => {
  await route.close();
  await sim.close();
  await database.drop();
  delete process.env.DATABASE_URL;
  if (savedSecret === undefined) delete process.env.GITLAB_WEBHOOK_SECRET;
  else process.env.GITLAB_WEBHOOK_SECRET = savedSecret;
});

describe("webhooks in demo mode", () => {
  it("reach the route with the secret made at start, are queued, and slow polling to reconciliation", async () => {
    const config = withDemoWebhookSecret(loadConfig({ BACKFILL_DAYS: "1" }), process.env);
    const secret = config.webhookSecret;
    expect(secret).toBeDefined();
    expect(secret?.length).toBeGreaterThanOrEqual(16);
    // What the route's configuration will read on its first request.
    expect(loadConfig(process.env).webhookSecret).toBe(secret);

    const upstream = demoUpstream(config, sim);
    const loop = createSyncLoop({ ...syncOptionsFromConfig(config, database.db, database.url, upstream, silent), now: () => new Date(sim.clock.now()), artifactBudget: 0 });
    try {
      // The backfill records the services, so the route has projects to queue events for.
      expect((await loop.runCycle()).projects.every((p) => p.ok)).toBe(true);
      const pipelinesBefore = await database.db.pipeline.count();
      expect(await secondsSinceLastWebhook(database.db)).toBeNull();

      const port = Number(new URL(route.url).port);
      const webhooks = startUpstreamWebhooks(upstream, config, port);
      expect(webhooks).toBeDefined();
      expect(sim.webhooks.active).toBe(true);
      sim.clock.advance(90 * 60_000);
      const delivered = await sim.webhooks.flush();
      expect(delivered.failed).toBe(0);
      expect(delivered.sent).toBeGreaterThan(0);
      expect(presentedTokens).toHaveLength(delivered.sent);
      expect(presentedTokens.every((token) => token === secret)).toBe(true);
      expect(await database.db.webhookEvent.count({ where: { processedAt: null } })).toBeGreaterThan(0);

      // The loop from the same configuration fetches what the hooks named, and now only reconciles.
      expect((await loop.runWebhookCycle()).projects.every((p) => p.ok)).toBe(true);
      expect(await database.db.pipeline.count()).toBeGreaterThan(pipelinesBefore);
      expect(await database.db.webhookEvent.count({ where: { processedAt: null } })).toBe(0);
      const rhythm = { pollIntervalSeconds: config.pollIntervalSeconds, reconcileIntervalSeconds: config.reconcileIntervalSeconds };
      expect(config.reconcileIntervalSeconds).toBeGreaterThan(config.pollIntervalSeconds);
      expect(pollIntervalSeconds(rhythm, await secondsSinceLastWebhook(database.db))).toBe(config.reconcileIntervalSeconds);

      // Stopped (as before the server closes on shutdown): nothing more goes out.
      await webhooks?.stop();
      expect(sim.webhooks.active).toBe(false);
      const deliveriesSoFar = presentedTokens.length;
      sim.clock.advance(60 * 60_000);
      expect((await sim.webhooks.flush()).sent).toBe(0);
      expect(presentedTokens).toHaveLength(deliveriesSoFar);
    } finally {
      await sim.webhooks.stop();
      await loop.stop();
    }
  });

  it("are off with DEMO_WEBHOOKS=off: no secret is made and the upstream offers no webhooks", () => {
    const env: Record<string, string | undefined> = {};
    const config = withDemoWebhookSecret(loadConfig({ DEMO_WEBHOOKS: "off" }), env);
    expect(config.demoWebhooks).toBe(false);
    expect(config.webhookSecret).toBeUndefined();
    expect(env.GITLAB_WEBHOOK_SECRET).toBeUndefined();
    const upstream = demoUpstream(config, sim);
    expect(upstream.webhooks).toBeUndefined();
    expect(startUpstreamWebhooks(upstream, config, 3000)).toBeUndefined();
    expect(sim.webhooks.active).toBe(false);
  });

  it("use a configured GITLAB_WEBHOOK_SECRET as it is, and make none for a real GitLab", () => {
    const configured = "a-configured-webhook-secret";
    const env: Record<string, string | undefined> = { GITLAB_WEBHOOK_SECRET: configured };
    expect(withDemoWebhookSecret(loadConfig(env), env).webhookSecret).toBe(configured);
    expect(env.GITLAB_WEBHOOK_SECRET).toBe(configured);

    const real: Record<string, string | undefined> = { GITLAB_URL: "https://gitlab.example.com", GITLAB_TOKEN: "glpat-x" };
    expect(withDemoWebhookSecret(loadConfig(real), real).webhookSecret).toBeUndefined();
    expect(real.GITLAB_WEBHOOK_SECRET).toBeUndefined();
  });

  it("make a different secret on every start", () => {
    const first = withDemoWebhookSecret(loadConfig({}), {}).webhookSecret;
    const second = withDemoWebhookSecret(loadConfig({}), {}).webhookSecret;
    expect(first).toBeDefined();
    expect(first).not.toBe(second);
  });

  it("reject a DEMO_WEBHOOKS that is not a yes or no", () => {
    expect(() => loadConfig({ DEMO_WEBHOOKS: "sometimes" })).toThrow(ConfigError);
    expect(loadConfig({}).demoWebhooks).toBe(true);
  });

  it("go to this machine's address of the server, whatever interface it listens on", () => {
    expect(localWebhookUrl("0.0.0.0", 3000)).toBe("http://127.0.0.1:3000/api/webhooks/gitlab");
    expect(localWebhookUrl("127.0.0.1", 3210)).toBe("http://127.0.0.1:3210/api/webhooks/gitlab");
    expect(localWebhookUrl("::1", 3000)).toBe("http://[::1]:3000/api/webhooks/gitlab");
  });
});
