import http from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "../../../app/api/metrics/route";
import { loadConfig } from "@/lib/platform/config";
import { createSyncLoop } from "@/lib/ingest/loop";
import { startMetricsServer } from "@/lib/runtime/metrics-server";
import { syncOptionsFromConfig } from "@/lib/runtime/sync-options";
import { demoUpstream } from "@/lib/runtime/upstream";
import { startSimulator, type Simulator } from "@/simulator";
import { createTestDatabase, type TestDatabase } from "../../../test/db";
import { parsePrometheusText, type Family } from "../../../test/support/prometheus-text";
import { handleGitlabWebhook } from "../webhooks/handler";
import { observeRequest } from "../request-metrics";

/*
 * /metrics after real work: a sync cycle against the simulated GitLab over HTTP, webhook deliveries
 * through the intake, web requests through the start script's observer. The answer is read with a
 * strict text-format reader (test/support/prometheus-text.ts), as a scraper would.
 */
const ANCHOR = Date.parse("2026-06-01T12:00:00.000Z");
const TOKEN = "scraper-token-0123456789";
const silent = pino({ level: "silent" });

let sim: Simulator;
let database: TestDatabase;
let requestsSent = 0;
const saved = { token: process.env.METRICS_TOKEN, url: process.env.DATABASE_URL };

beforeAll(async () => {
  // The route reads its configuration once, from the environment, as under `npm start`.
  process.env.METRICS_TOKEN = TOKEN;
  sim = await startSimulator({ seed: 7, now: ANCHOR, historyDays: 1, pipelinesPerDay: 6, liveIntervalSeconds: 600, frozen: true, rateLimitPerMinute: 100_000 });
  database = await createTestDatabase();
  process.env.DATABASE_URL = database.url;
  const config = loadConfig({ BACKFILL_DAYS: "1" });
  const loop = createSyncLoop({ ...syncOptionsFromConfig(config, database.db, database.url, demoUpstream(config, sim), silent), now: () => new Date(sim.clock.now()), artifactBudget: 0 });
  try {
    const cycle = await loop.runCycle();
    expect(cycle.projects.every((p) => p.ok)).toBe(true);
    requestsSent = loop.requests;
  } finally {
    await loop.stop();
  }
}, 120_000);

afterAll(async () => {
  await sim.close();
  await database.drop();
  for (const [name, value] of [["METRICS_TOKEN", saved.token], ["DATABASE_URL", saved.url]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

async function scrape(headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }): Promise<Response> {
  return GET(new Request("http://stageboard/api/metrics", { headers }));
}

async function families(): Promise<Map<string, Family>> {
  const response = await scrape();
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/plain; version=0.0.4");
  return parsePrometheusText(await response.text());
}

/** A family's samples with these labels; a histogram's are its `_count` series. */
const labelled = (family: Family | undefined, labels: Record<string, string>) =>
  family?.samples.filter(
    (sample) => (family.type !== "histogram" || sample.name.endsWith("_count")) && Object.entries(labels).every(([name, value]) => sample.labels[name] === value),
  ) ?? [];

const total = (family: Family | undefined, labels: Record<string, string> = {}) => labelled(family, labels).reduce((sum, sample) => sum + sample.value, 0);

describe("/metrics", () => {
  it("refuses a scraper without METRICS_TOKEN", async () => {
    expect((await scrape({})).status).toBe(401);
    expect((await scrape({ authorization: "Bearer not-the-token-at-all" })).status).toBe(401);
  });

  it("counts every GitLab request of the cycle by endpoint and status, and the rate-limit budget left", async () => {
    const parsed = await families();
    const requests = parsed.get("stageboard_upstream_requests_total");
    expect(requests?.type).toBe("counter");
    expect(requestsSent).toBeGreaterThan(0);
    expect(total(requests, { upstream: "GitLab" })).toBe(requestsSent);
    expect(total(requests, { upstream: "GitLab", endpoint: "/projects/:id/pipelines", status: "200" })).toBeGreaterThanOrEqual(4);
    // Labels are patterns: no id or project path appears in them.
    for (const sample of requests?.samples ?? []) expect(sample.labels.endpoint).not.toMatch(/\/\d+(\/|$)|cwiq/);
    const remaining = labelled(parsed.get("stageboard_upstream_ratelimit_remaining"), { upstream: "GitLab" });
    expect(remaining).toHaveLength(1);
    expect(remaining[0]?.value).toBeGreaterThan(0);
    expect(remaining[0]?.value).toBeLessThan(100_000);
  });

  it("has each service's cycle duration by outcome and its backfill progress", async () => {
    const parsed = await families();
    const cycles = parsed.get("stageboard_sync_cycle_duration_seconds");
    expect(cycles?.type).toBe("histogram");
    for (const service of ["server", "iam-api", "ui", "executor"]) {
      expect(total(cycles, { service, outcome: "ok" })).toBe(1);
      expect(total(parsed.get("stageboard_backfill_done"), { service })).toBe(1);
      const stored = await database.db.pipeline.count({ where: { service: { name: service } } });
      expect(stored).toBeGreaterThan(0);
      expect(total(parsed.get("stageboard_backfill_pipelines_stored"), { service })).toBe(stored);
      expect(total(parsed.get("stageboard_sync_last_success_timestamp_seconds"), { service })).toBe(ANCHOR / 1000);
    }
    expect(total(cycles, { outcome: "failed" })).toBe(0);
  });

  it("counts webhook deliveries by outcome", async () => {
    const deps = { secret: "webhook-secret-0123456789", db: () => database.db, logger: silent };
    const hook = (headers: Record<string, string>) => handleGitlabWebhook(new Request("http://stageboard/api/webhooks/gitlab", { method: "POST", headers, body: "{}" }), deps);
    expect((await hook({ "x-gitlab-token": "wrong" })).status).toBe(401);
    expect((await hook({ "x-gitlab-token": deps.secret, "x-gitlab-event": "Push Hook" })).status).toBe(202);
    expect((await hook({ "x-gitlab-token": deps.secret, "x-gitlab-event": "Pipeline Hook" })).status).toBe(400);
    const deliveries = (await families()).get("stageboard_webhook_deliveries_total");
    expect(total(deliveries, { outcome: "bad_token" })).toBe(1);
    expect(total(deliveries, { outcome: "ignored_event" })).toBe(1);
    expect(total(deliveries, { outcome: "invalid" })).toBe(1);
    expect(total(deliveries, { outcome: "queued" })).toBe(0);
  });

  it("times web requests by route pattern, never by raw URL", async () => {
    const server = http.createServer((req, res) => {
      observeRequest(req, res);
      res.writeHead(req.url?.startsWith("/services/") ? 200 : 404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const path of ["/services/server", "/services/ui?range=30d", "/no/such/page"]) await (await fetch(base + path)).arrayBuffer();
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    const latency = (await families()).get("stageboard_http_request_duration_seconds");
    expect(latency?.type).toBe("histogram");
    expect(total(latency, { route: "/services/[param]", method: "GET", status: "200" })).toBe(2);
    expect(total(latency, { route: "unmatched", status: "404" })).toBe(1);
    expect(latency?.samples.some((sample) => sample.labels.route?.includes("server"))).toBe(false);
  });

  it("has the database pool, alert deliveries and the process families", async () => {
    const parsed = await families();
    const pool = parsed.get("stageboard_db_pool_connections");
    expect(pool?.samples.map((sample) => sample.labels.state).sort()).toEqual(["idle", "in_use", "waiting_clients"]);
    // The test database's client has connected, so its pool holds at least one connection.
    expect(total(pool, { state: "idle" }) + total(pool, { state: "in_use" })).toBeGreaterThan(0);
    expect(parsed.get("stageboard_alert_deliveries_total")?.type).toBe("counter");
    expect(parsed.has("process_cpu_user_seconds_total")).toBe(true);
    expect(parsed.has("nodejs_eventloop_lag_seconds")).toBe(true);
  });

  it("is served by `npm run sync`'s own metrics server, behind the same token", async () => {
    const server = await startMetricsServer({ host: "127.0.0.1", port: 0, token: TOKEN });
    try {
      expect((await fetch(server.url)).status).toBe(401);
      const answer = await fetch(server.url, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(answer.status).toBe(200);
      const parsed = parsePrometheusText(await answer.text());
      expect(total(parsed.get("stageboard_upstream_requests_total"), { upstream: "GitLab" })).toBe(requestsSent);
    } finally {
      await server.close();
    }
  });
});
