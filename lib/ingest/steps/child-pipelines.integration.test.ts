import pLimit from "p-limit";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getOverview } from "@/lib/pages/overview/query";
import { getPipelinePage } from "@/lib/pages/pipelines/query";
import { getServicePage } from "@/lib/pages/services/query";
import { createGitlabClient } from "@/lib/upstream/gitlab/client";
import { startSimulator, type PipelineTruth, type Simulator } from "@/simulator";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { simulatedSyncOptions } from "@/test/support/simulated-sync";
import { compareWithTruth } from "@/test/support/truth";
import type { ProjectTarget, SyncContext } from "../context";
import { createSyncLoop, type SyncLoop } from "../loop";
import { ensureService } from "../project";
import { storeChangedPipelines } from "./pipelines";

/*
 * Parent/child pipelines against the simulated GitLab over HTTP, into a real PostgreSQL: ui's test
 * stage triggers its end-to-end tests as a child pipeline, which GitLab also lists among ui's own
 * pipelines (source parent_pipeline). The clock is frozen and moved by hand.
 */
const ANCHOR = Date.parse("2026-06-01T12:00:00.000Z");
const MINUTE = 60_000;
const silent = pino({ level: "silent" });
const ui = { name: "ui", project: "cwiq/ui" };

let sim: Simulator;
let tdb: TestDatabase;
let loop: SyncLoop;

/** GitLab's truth for the one synced project. */
function truthOfUi() {
  return sim.projectTruth("cwiq/ui");
}

function uiTruth(): PipelineTruth[] {
  return truthOfUi().projects[0]?.pipelines ?? [];
}

const isChild = (t: PipelineTruth) => t.listItem.source === "parent_pipeline";

async function counts() {
  return { pipelines: await tdb.db.pipeline.count(), jobs: await tdb.db.job.count(), bridges: await tdb.db.bridge.count() };
}

beforeAll(async () => {
  sim = await startSimulator({ seed: 5, now: ANCHOR, historyDays: 6, pipelinesPerDay: 20, liveIntervalSeconds: 300, frozen: true, rateLimitPerMinute: 0 });
  tdb = await createTestDatabase();
  loop = createSyncLoop(
    simulatedSyncOptions(sim, tdb, {
      services: [ui],
      backfillDays: 7,
      artifactBudget: 0,
      // Child pipelines have test reports too: the whole backfill's in one cycle.
      testReportBudget: 1_000,
    }),
  );
  const backfill = await loop.runCycle();
  expect(backfill.projects.every((p) => p.ok)).toBe(true);
});

afterAll(async () => {
  await loop.stop();
  await sim.close();
  await tdb.drop();
});

describe("child pipelines", () => {
  it("are stored once each, linked to the trigger job of the pipeline that started them", async () => {
    const truth = uiTruth();
    const children = truth.filter(isChild);
    expect(children.length).toBeGreaterThan(50);
    expect((await compareWithTruth(tdb.db, truthOfUi())).differences).toEqual([]);

    const stored = await tdb.db.pipeline.findMany({ where: { parentPipelineId: { not: null } }, select: { id: true, source: true, parentPipelineId: true } });
    expect(stored.map((p) => Number(p.id)).sort()).toEqual(children.map((c) => c.listItem.id).sort());
    for (const child of stored) {
      expect(child.source).toBe("parent_pipeline");
      const bridges = await tdb.db.bridge.findMany({ where: { downstreamPipelineId: child.id } });
      expect(bridges).toHaveLength(1);
      expect(bridges[0]).toMatchObject({ pipelineId: child.parentPipelineId, name: "e2e", stage: "test" });
    }
    // Trigger jobs are not jobs: the job table has none of them.
    expect(await tdb.db.job.count({ where: { name: "e2e" } })).toBe(0);
    expect(await tdb.db.bridge.count()).toBe(truth.reduce((n, t) => n + t.bridges.length, 0));
  });

  it("fold their outcome into the parent's stage cell through its trigger job", async () => {
    const parents = await tdb.db.pipeline.findMany({
      where: { bridges: { some: {} } },
      include: { bridges: true, stages: true, jobs: { where: { stage: "test", retried: false } } },
    });
    let failedChildren = 0;
    for (const parent of parents) {
      const bridge = parent.bridges[0]!;
      const test = parent.stages.find((s) => s.stage === "test")?.status;
      const jobsPassed = parent.jobs.every((j) => j.status === "success");
      if (bridge.status === "failed") {
        expect(test).toBe("failed");
        if (jobsPassed) failedChildren += 1;
      }
      if (bridge.status === "success" && jobsPassed) expect(test).toBe("success");
      if (bridge.status === "running") expect(test).toBe("running");
      if (bridge.downstreamPipelineId !== null && bridge.status !== "running") {
        const child = await tdb.db.pipeline.findUniqueOrThrow({ where: { id: bridge.downstreamPipelineId } });
        expect(bridge.status).toBe(child.status === "success" ? "success" : child.status === "canceled" ? "canceled" : "failed");
      }
    }
    // Pipelines whose own test jobs all passed and whose child failed: the child's failure is the stage's.
    expect(failedChildren).toBeGreaterThan(0);
  });

  it("are never counted as pipelines of the service", async () => {
    const own = await tdb.db.pipeline.count({ where: { parentPipelineId: null } });
    const overview = await getOverview(tdb.db);
    const latestMain = overview.services.find((s) => s.name === "ui")?.latestMain;
    const newestOwnMain = await tdb.db.pipeline.findFirst({ where: { refKind: "MAIN", parentPipelineId: null }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
    expect(latestMain?.id).toBe(Number(newestOwnMain?.id));
    const otherRefs = overview.services.find((s) => s.name === "ui")?.otherRefs ?? [];
    expect(otherRefs.every((p) => p.source !== "parent_pipeline")).toBe(true);

    const page = await getServicePage(tdb.db, { service: "ui", period: 30, page: 1, perPage: 100 }, { now: new Date(sim.clock.now()) });
    expect(page?.pipelines.total).toBe(own);
    expect(page?.period.pipelines).toBe(own);
    expect(page?.pipelines.items.every((p) => p.source !== "parent_pipeline")).toBe(true);
    expect(page?.heatStrip.length).toBeGreaterThan(0);
    const childIds = new Set((await tdb.db.pipeline.findMany({ where: { parentPipelineId: { not: null } }, select: { id: true } })).map((p) => Number(p.id)));
    expect(page?.heatStrip.some((p) => childIds.has(p.id))).toBe(false);
    // The children's jobs ran for the service: the job tables count them.
    expect(page?.slowestJobs.some((j) => j.name.startsWith("playwright"))).toBe(true);
  });

  it("show on their parent's page under its trigger job, and name their parent on their own", async () => {
    const bridge = await tdb.db.bridge.findFirstOrThrow({ where: { downstreamPipelineId: { not: null }, status: "success" }, orderBy: { id: "desc" } });
    const parentPage = await getPipelinePage(tdb.db, Number(bridge.pipelineId));
    const e2e = parentPage?.stages.find((s) => s.stage === "test")?.jobs.find((j) => j.name === "e2e");
    expect(e2e).toMatchObject({ trigger: true, status: "success", downstream: { id: Number(bridge.downstreamPipelineId), stored: true, child: true, status: "success" } });
    expect(e2e?.downstream?.stages.map((s) => [s.stage, s.status, s.jobs.map((j) => j.name)])).toEqual([
      ["build", "success", ["e2e-bundle"]],
      ["test", "success", ["playwright 1/3", "playwright 2/3", "playwright 3/3"]],
    ]);
    const childPage = await getPipelinePage(tdb.db, Number(bridge.downstreamPipelineId));
    const parent = await tdb.db.pipeline.findUniqueOrThrow({ where: { id: bridge.pipelineId } });
    expect(childPage?.pipeline.parent).toEqual({ id: Number(parent.id), iid: parent.iid, triggerJob: "e2e" });
    expect(parentPage?.pipeline.parent).toBeNull();
  });

  it("add nothing on a re-sync", async () => {
    const before = await counts();
    const cycle = await loop.runCycle();
    expect(cycle.projects.every((p) => p.ok)).toBe(true);
    expect(await counts()).toEqual(before);
    expect((await compareWithTruth(tdb.db, truthOfUi())).differences).toEqual([]);
  });

  it("stay equal to GitLab every few minutes while parents and children run, and cost nothing once all is idle", async () => {
    let sawRunningChild = false;
    for (let step = 0; step < 45; step++) {
      sim.clock.advance(3 * MINUTE);
      const cycle = await loop.runCycle();
      expect(cycle.projects.every((p) => p.ok)).toBe(true);
      expect((await compareWithTruth(tdb.db, truthOfUi())).differences).toEqual([]);
      const running = await tdb.db.bridge.findFirst({ where: { status: "running" }, include: { pipeline: { include: { stages: true } } } });
      if (running) {
        sawRunningChild = true;
        expect(running.pipeline.stages.find((s) => s.stage === "test")?.status).toBe("running");
      }
    }
    expect(sawRunningChild).toBe(true);

    // Stop the live pipelines: advance past everything, then a quiet cycle asks only for the list.
    const quiet = await startSimulator({ seed: 5, now: ANCHOR, historyDays: 2, pipelinesPerDay: 20, liveIntervalSeconds: 0, frozen: true, rateLimitPerMinute: 0 });
    const own = await createTestDatabase();
    quiet.clock.advance(12 * 60 * MINUTE);
    const idle = createSyncLoop(simulatedSyncOptions(quiet, own, { services: [ui], backfillDays: 4 }));
    try {
      await idle.runCycle();
      await idle.runCycle();
      expect(await own.db.pipeline.count({ where: { parentPipelineId: { not: null } } })).toBeGreaterThan(5);
      quiet.stats.reset();
      const cycle = await idle.runCycle();
      expect(cycle.requests).toBe(1);
      expect(quiet.stats.total).toBe(1);
    } finally {
      await idle.stop();
      await quiet.close();
      await own.drop();
    }
  }, 240_000);
});

describe("a child pipeline read before its parent", () => {
  it("waits for the parent's trigger job, then is stored linked to it", async () => {
    const own = await createTestDatabase();
    let requests = 0;
    const ctx: SyncContext = {
      db: own.db,
      gitlab: createGitlabClient({ url: sim.url, token: sim.token, timeoutMs: 2_000, onRequest: () => void (requests += 1) }),
      limit: pLimit(4),
      backfillDays: 7,
      overlapMs: MINUTE,
      logger: silent,
      now: () => new Date(sim.clock.now()),
    };
    try {
      const service = await ensureService(own.db, ui);
      const project: ProjectTarget = { serviceId: service.id, service: "ui", projectRef: ui.project, projectId: 103, backfilling: false };
      const truth = uiTruth();
      const parent = truth.find((t) => t.listItem.status === "success" && t.bridges[0]?.downstream_pipeline)!;
      const child = truth.find((t) => t.listItem.id === parent.bridges[0]!.downstream_pipeline!.id)!;

      // GitLab lists the child first (it finished before its parent moved on): not stored on its own.
      expect(await storeChangedPipelines(ctx, project, [child.listItem])).toEqual({ pipelines: 0, jobs: 0 });
      expect(await own.db.pipeline.count()).toBe(0);
      expect(requests).toBe(0);

      // The parent's trigger job names the child, which is read then: jobs and trigger jobs of the
      // parent; the child's own answer, jobs and trigger jobs (test reports are the test-report step's).
      const stored = await storeChangedPipelines(ctx, project, [parent.listItem]);
      expect(stored).toEqual({ pipelines: 2, jobs: parent.jobs.length + child.jobs.length });
      expect(requests).toBe(5);
      const row = await own.db.pipeline.findUniqueOrThrow({ where: { id: BigInt(child.listItem.id) } });
      expect(Number(row.parentPipelineId)).toBe(parent.listItem.id);

      // Listed again, it knows its parent from the stored trigger job.
      await storeChangedPipelines(ctx, project, [child.listItem]);
      expect(await own.db.pipeline.count()).toBe(2);
      expect(Number((await own.db.pipeline.findUniqueOrThrow({ where: { id: BigInt(child.listItem.id) } })).parentPipelineId)).toBe(parent.listItem.id);
    } finally {
      await own.drop();
    }
  });
});

describe("a backfill", () => {
  it("asks for trigger jobs only in a project with child pipelines, and stays equal to GitLab", async () => {
    const own = await createTestDatabase();
    const fresh = await startSimulator({ seed: 9, now: ANCHOR, historyDays: 2, pipelinesPerDay: 12, liveIntervalSeconds: 600, frozen: true, rateLimitPerMinute: 0 });
    const BRIDGES = "GET /api/v4/projects/:id/pipelines/:pipeline_id/bridges";
    const server = { name: "server", project: "cwiq/server" };
    const sync = (services: (typeof ui)[]) => createSyncLoop(simulatedSyncOptions(fresh, own, { services, backfillDays: 3, artifactBudget: 0, testReportBudget: 1_000 }));
    const truthOf = (paths: string[]) => {
      const truth = fresh.truth();
      return { ...truth, projects: truth.projects.filter((p) => paths.includes(p.project.path_with_namespace)) };
    };
    const loop = sync([server, ui]);
    try {
      expect((await loop.runCycle()).projects.every((p) => p.ok)).toBe(true);
      // server triggers nothing: its backfill read no trigger job. ui's children show among its
      // pipelines: every ui pipeline read brought its trigger jobs.
      const serverPipelines = await own.db.pipeline.count({ where: { service: { name: "server" } } });
      const uiPipelines = await own.db.pipeline.count({ where: { service: { name: "ui" } } });
      expect(serverPipelines).toBeGreaterThan(10);
      expect(await own.db.pipeline.count({ where: { parentPipelineId: { not: null } } })).toBeGreaterThan(5);
      expect(fresh.stats.byRoute[BRIDGES]).toBe(uiPipelines);
      expect((await compareWithTruth(own.db, truthOf(["cwiq/server", "cwiq/ui"]))).differences).toEqual([]);

      // Past the backfill, every pipeline read asks for its trigger jobs again.
      fresh.stats.reset();
      for (let step = 0; step < 8; step++) {
        fresh.clock.advance(15 * MINUTE);
        expect((await loop.runCycle()).projects.every((p) => p.ok)).toBe(true);
        expect((await compareWithTruth(own.db, truthOf(["cwiq/server", "cwiq/ui"]))).differences).toEqual([]);
      }
      expect(fresh.stats.byRoute[BRIDGES]).toBeGreaterThan(0);
    } finally {
      await loop.stop();
      await fresh.close();
      await own.drop();
    }
  }, 120_000);
});
