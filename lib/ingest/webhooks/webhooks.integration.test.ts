import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/gitlab/route";
import { startSimulator, type Simulator } from "@/simulator";
import { createSyncLoop, type SyncLoopOptions } from "../loop";
import { recordWebhookEvent } from "./queue";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { serveRoute } from "@/test/proof/route-server";
import { syncedRows } from "@/test/proof/rows";
import { deploymentHookExample } from "@/test/proof/webhook-fixtures";
import { simulatedSyncOptions } from "@/test/support/simulated-sync";
import { compareWithTruth } from "@/test/support/truth";

/*
 * The simulated GitLab sends its webhooks over HTTP to the real route handler; the sync loop re-reads
 * what they name. One database is kept by webhooks only, another by polling only: both must equal
 * GitLab's truth, row for row.
 */
const ANCHOR = Date.parse("2026-06-01T12:00:00.000Z");
const SECRET = "integration-webhook-secret-42";

let sim: Simulator;
let hooked: TestDatabase;
let polled: TestDatabase;
let route: { url: string; close(): Promise<void> };

function options(db: TestDatabase, overrides: Partial<SyncLoopOptions> = {}): SyncLoopOptions {
  return simulatedSyncOptions(sim, db, { pollIntervalSeconds: 3600, backfillDays: 2, requestTimeoutMs: 5_000, artifactBudget: 0, ...overrides });
}

/** What the sync adds after storing a pipeline: scan reports of its artifacts and dev deployments. */
async function followUpRows(db: TestDatabase["db"]) {
  const scans = await db.scanReport.findMany({ select: { jobId: true, artifact: true, status: true, total: true, newCount: true }, orderBy: [{ jobId: "asc" }, { artifact: "asc" }] });
  const deployments = await db.deployment.findMany({ select: { id: true, status: true, pipelineId: true }, orderBy: { id: "asc" } });
  return { scans, deployments };
}

beforeAll(async () => {
  sim = await startSimulator({ seed: 23, now: ANCHOR, historyDays: 1, pipelinesPerDay: 12, liveIntervalSeconds: 600, frozen: true, rateLimitPerMinute: 0 });
  [hooked, polled] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  process.env.DATABASE_URL = hooked.url;
  process.env.GITLAB_WEBHOOK_SECRET = SECRET;
  route = await serveRoute(POST);
});

afterAll(async () => {
  await route.close();
  await sim.close();
  await Promise.all([hooked.drop(), polled.drop()]);
  delete process.env.DATABASE_URL;
  delete process.env.GITLAB_WEBHOOK_SECRET;
});

describe("GitLab webhooks end to end", () => {
  it("store what a poll stores, without polling", async () => {
    // Artifacts too: what follows a hooked pipeline (reports, scans, deployments) must match a poll's.
    const byHooks = createSyncLoop(options(hooked, { artifactBudget: 1_000 }));
    const byPolls = createSyncLoop(options(polled, { artifactBudget: 1_000 }));
    try {
      // Both start from the same backfill, caught up by a second poll (GitLab's timings follow a
      // backfill; a webhook cycle reads only what its hooks announced, not the backlog).
      for (const loop of [byHooks, byPolls, byHooks, byPolls]) expect((await loop.runCycle()).projects.every((p) => p.ok)).toBe(true);
      const before = await hooked.db.pipeline.count();

      sim.webhooks.start(`${route.url}/api/webhooks/gitlab`, SECRET);
      sim.clock.advance(90 * 60_000);
      const delivered = await sim.webhooks.flush();
      expect(delivered.failed).toBe(0);
      expect(delivered.sent).toBeGreaterThan(20);
      expect(await hooked.db.webhookEvent.count({ where: { processedAt: null } })).toBeGreaterThan(0);
      // The simulated GitLab's own Deployment Hooks are among them.
      expect(await hooked.db.webhookEvent.count({ where: { kind: "deployment", processedAt: null } })).toBeGreaterThan(0);

      sim.stats.reset();
      const cycle = await byHooks.runWebhookCycle();
      expect(cycle.projects.every((p) => p.ok)).toBe(true);
      // Only the named pipelines were read: no pipeline list was asked for.
      const routes = Object.keys(sim.stats.byRoute);
      expect(routes).toContain("GET /api/v4/projects/:id/pipelines/:pipeline_id");
      expect(routes.filter((r) => r.endsWith("/pipelines"))).toEqual([]);
      const truth = sim.truth();
      const result = await compareWithTruth(hooked.db, truth);
      expect(result.differences).toEqual([]);
      expect(result.pipelinesStored).toBeGreaterThan(before);
      expect(await hooked.db.webhookEvent.count({ where: { processedAt: null } })).toBe(0);

      expect((await byPolls.runCycle()).projects.every((p) => p.ok)).toBe(true);
      expect((await compareWithTruth(polled.db, truth)).differences).toEqual([]);
      expect(await syncedRows(hooked.db)).toEqual(await syncedRows(polled.db));
      const followUps = await followUpRows(hooked.db);
      expect(followUps.scans.length).toBeGreaterThan(0);
      expect(followUps.deployments.length).toBeGreaterThan(0);
      expect(followUps).toEqual(await followUpRows(polled.db));
    } finally {
      await sim.webhooks.stop();
      await byHooks.stop();
      await byPolls.stop();
    }
  });

  it("wake the running loop at once, though its next poll is an hour away", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const loop = createSyncLoop(options(hooked, { logger: pino({ level: "debug" }, sink), reconcileIntervalSeconds: 3600, webhookCheckSeconds: 3600 }));
    const waitFor = async (what: () => boolean | Promise<boolean>) => {
      for (let i = 0; i < 400 && !(await what()); i++) await new Promise((r) => setTimeout(r, 50));
    };
    try {
      loop.start();
      await waitFor(() => lines.some((l) => l.includes("sync cycle done")));
      expect(lines.some((l) => l.includes("sync cycle done"))).toBe(true);

      sim.webhooks.start(`${route.url}/api/webhooks/gitlab`, SECRET);
      sim.clock.advance(30 * 60_000);
      expect((await sim.webhooks.flush()).sent).toBeGreaterThan(0);
      await waitFor(() => lines.some((l) => l.includes("webhook events synced")));
      expect(lines.some((l) => l.includes("webhook events synced"))).toBe(true);
      expect((await compareWithTruth(hooked.db, sim.truth())).differences).toEqual([]);
      expect(lines.filter((l) => l.includes("sync cycle done"))).toHaveLength(1);
    } finally {
      await sim.webhooks.stop();
      await loop.stop();
    }
  });

  it("re-read a project's dev deployments on a Deployment Hook, and nothing else", async () => {
    const loop = createSyncLoop(options(hooked));
    try {
      // Whatever earlier deliveries left queued first, so only the Deployment Hook is left.
      await loop.runWebhookCycle();
      expect(await hooked.db.webhookEvent.count({ where: { processedAt: null } })).toBe(0);
      const project = sim.projects[0];
      expect(project).toBeDefined();
      const response = await fetch(`${route.url}/api/webhooks/gitlab`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Gitlab-Event": "Deployment Hook", "X-Gitlab-Token": SECRET },
        body: JSON.stringify(deploymentHookExample(project?.id ?? 0)),
      });
      expect(response.status).toBe(202);
      sim.stats.reset();
      const cycle = await loop.runWebhookCycle();
      expect(cycle.projects.every((p) => p.ok)).toBe(true);
      const routes = Object.keys(sim.stats.byRoute);
      expect(routes.length).toBeGreaterThan(0);
      expect(routes.filter((r) => !r.endsWith("/deployments"))).toEqual([]);
      expect(await hooked.db.webhookEvent.count({ where: { processedAt: null } })).toBe(0);
    } finally {
      await loop.stop();
    }
  });
});

describe("a webhook cycle", () => {
  it("reads the announced pipelines' follow-ups and leaves a backfill's backlog to the polls", async () => {
    const fresh = await createTestDatabase();
    // The backfill stores pipelines but no test report yet: a backlog of every finished pipeline.
    const backfill = createSyncLoop(options(fresh, { testReportBudget: 0 }));
    const loop = createSyncLoop(options(fresh));
    try {
      expect((await backfill.runCycle()).projects.every((p) => p.ok)).toBe(true);
      await backfill.stop(); // hands the sync lock on
      const waiting = () => fresh.db.pipeline.count({ where: { testReportFor: null, finishedAt: { not: null } } });
      const backlog = await waiting();
      expect(backlog).toBeGreaterThan(20);

      // A hook for each project's newest pipeline, as the route queues it, once new ones have run.
      sim.clock.advance(20 * 60_000);
      for (const { project, pipelines } of sim.truth().projects) {
        const newest = pipelines[0];
        if (newest) expect(await recordWebhookEvent(fresh.db, { kind: "pipeline", projectId: project.id, objectId: newest.pipeline.id })).toBe(true);
      }
      sim.stats.reset();
      const cycle = await loop.runWebhookCycle();
      expect(cycle.projects.every((p) => p.ok)).toBe(true);
      const changed = cycle.projects.reduce((sum, p) => sum + p.pipelinesChanged, 0);
      expect(changed).toBeGreaterThan(0);
      const asked = Object.entries(sim.stats.byRoute)
        .filter(([route]) => route.endsWith("/test_report"))
        .reduce((sum, [, n]) => sum + n, 0);
      // At most one report per pipeline a hook changed; the rest of the backlog waits for a poll.
      expect(asked).toBeGreaterThan(0);
      expect(asked).toBeLessThanOrEqual(changed);
      expect(await waiting()).toBeGreaterThanOrEqual(backlog - changed);
    } finally {
      await backfill.stop();
      await loop.stop();
      await fresh.drop();
    }
  });
});
