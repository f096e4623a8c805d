import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startSimulator, type Simulator } from "@/simulator";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { simulatedSyncOptions } from "@/test/support/simulated-sync";
import { createSyncLoop, type SyncLoop, type SyncLoopOptions } from "../loop";

/*
 * Full test reports through the real sync from the simulated GitLab over HTTP into PostgreSQL:
 * stored once per pipeline and case, nothing added by a re-sync, nothing asked when idle, and a
 * cut-off, malformed or oversized report recorded on its pipeline while everything else is stored.
 */
const ANCHOR = Date.parse("2026-06-01T12:00:00.000Z");
const HOUR = 3_600_000;

let sim: Simulator;
let tdb: TestDatabase;
let loop: SyncLoop;

const options = (overrides: Partial<SyncLoopOptions> = {}): SyncLoopOptions =>
  simulatedSyncOptions(sim, tdb, { backfillDays: 3, retry: { baseDelayMs: 5, maxDelayMs: 40, maxAttempts: 4, maxRateLimitAttempts: 10 }, ...overrides });

const reportSchema = z.object({
  total_count: z.number(),
  failed_count: z.number(),
  test_suites: z.array(z.object({ name: z.string(), test_cases: z.array(z.object({ name: z.string(), classname: z.string(), status: z.string() })) })),
});

async function gitlabReport(projectId: number, pipelineId: number) {
  const res = await fetch(`${sim.url}/api/v4/projects/${projectId}/pipelines/${pipelineId}/test_report`, { headers: { "PRIVATE-TOKEN": sim.token } });
  return reportSchema.parse(await res.json());
}

async function counts() {
  const [results, cases, failures] = await Promise.all([tdb.db.testResult.count(), tdb.db.testCase.count(), tdb.db.testFailure.count()]);
  return { results, cases, failures };
}

const reportRequests = () => sim.stats.snapshot().byRoute["GET /api/v4/projects/:id/pipelines/:pipeline_id/test_report"] ?? 0;

beforeAll(async () => {
  sim = await startSimulator({ seed: 11, now: ANCHOR, historyDays: 2, pipelinesPerDay: 10, liveIntervalSeconds: 900, frozen: true, rateLimitPerMinute: 0 });
  tdb = await createTestDatabase();
  loop = createSyncLoop(options());
});

afterAll(async () => {
  await loop.stop();
  await sim.close();
  await tdb.drop();
});

describe("pipeline test reports", () => {
  it("stores every finished pipeline's report: one result per case, failure text for failures only", async () => {
    const cycle = await loop.runCycle();
    expect(cycle.projects.every((p) => p.ok)).toBe(true);
    const finished = await tdb.db.pipeline.findMany({
      where: { status: { in: ["success", "failed"] } },
      include: { service: true },
      orderBy: { id: "asc" },
    });
    expect(finished.length).toBeGreaterThan(40);
    expect(finished.every((p) => p.testReportFor?.getTime() === p.updatedAt.getTime() && p.testReportError === null)).toBe(true);

    let failedSeen = 0;
    for (const p of finished.filter((_, i) => i % 7 === 0)) {
      const report = await gitlabReport(p.service.gitlabProjectId ?? 0, Number(p.id));
      const results = await tdb.db.testResult.count({ where: { pipelineId: p.id } });
      expect(results).toBe(report.total_count);
      expect(p.testsTotal).toBe(report.total_count);
      const failing = report.test_suites.flatMap((s) => s.test_cases.filter((c) => c.status === "failed" || c.status === "error").map((c) => `${s.name}/${c.name}`));
      const stored = await tdb.db.testFailure.findMany({ where: { pipelineId: p.id }, include: { testCase: true } });
      expect(stored.map((f) => `${f.testCase.suite}/${f.testCase.name}`).sort()).toEqual(failing.sort());
      expect(stored.every((f) => f.message.length > 0 && f.message.length <= 2000)).toBe(true);
      failedSeen += failing.length;
    }
    // The report's failures are the failed test jobs': a passed pipeline has none.
    const passedWithFailures = await tdb.db.testFailure.count({ where: { pipeline: { status: "success" } } });
    expect(passedWithFailures).toBe(0);
    expect(failedSeen + (await tdb.db.testFailure.count())).toBeGreaterThan(0);
    // One case per (service, suite, classname, name), shared by every pipeline of the service.
    const server = await tdb.db.service.findUniqueOrThrow({ where: { name: "server" } });
    expect(await tdb.db.testCase.count({ where: { serviceId: server.id } })).toBeGreaterThan(1_400);
  });

  it("adds nothing on a re-sync and asks for no report when idle", async () => {
    const before = await counts();
    const requests = reportRequests();
    const cycle = await loop.runCycle();
    expect(cycle.projects.every((p) => p.ok)).toBe(true);
    expect(await counts()).toEqual(before);
    expect(reportRequests()).toBe(requests);
  });

  it("reads a report again when its pipeline changes: the result follows GitLab, the earlier failure text stays", async () => {
    const passed = await tdb.db.testResult.findFirstOrThrow({ where: { status: 0 }, orderBy: [{ pipelineId: "desc" }, { testCaseId: "asc" }] });
    const key = { testCaseId: passed.testCaseId, pipelineId: passed.pipelineId };
    // As if the first read had come before a retried job passed the test: stored failed, with its
    // text, for an earlier version of the pipeline.
    await tdb.db.testResult.updateMany({ where: key, data: { status: 1 } });
    await tdb.db.testFailure.create({ data: { pipelineId: passed.pipelineId, testCaseId: passed.testCaseId, message: "E   assert 500 == 200" } });
    await tdb.db.$executeRaw`UPDATE pipeline SET test_report_for = updated_at - interval '1 minute' WHERE id = ${passed.pipelineId}`;
    const before = await counts();
    await loop.runCycle();
    expect(await counts()).toEqual(before);
    // One row for the case in that pipeline, as GitLab now says.
    expect((await tdb.db.testResult.findMany({ where: key })).map((r) => r.status)).toEqual([0]);
    expect(await tdb.db.testFailure.count({ where: { pipelineId: passed.pipelineId, testCaseId: passed.testCaseId } })).toBe(1);
  });

  it("records a cut-off report on its pipeline, stores every other one, and reads it again next cycle", async () => {
    sim.clock.advance(4 * HOUR);
    const truth = sim.truth();
    const newFinished = truth.projects.flatMap((project) =>
      project.pipelines.filter((p) => p.listItem.status === "success" || p.listItem.status === "failed").map((p) => ({ project: project.project.id, id: p.listItem.id })),
    );
    const stored = new Set((await tdb.db.pipeline.findMany({ select: { id: true } })).map((p) => Number(p.id)));
    const fresh = newFinished.filter((p) => !stored.has(p.id));
    expect(fresh.length).toBeGreaterThan(3);
    const [victim] = fresh;
    if (!victim) throw new Error("no new pipeline");
    sim.faults.set({ kind: "malformed", count: 1, path: `/pipelines/${victim.id}/test_report` });
    const cycle = await loop.runCycle();
    expect(cycle.projects.every((p) => p.ok)).toBe(true);
    const broken = await tdb.db.pipeline.findUniqueOrThrow({ where: { id: BigInt(victim.id) } });
    expect(broken.testReportError).toMatch(/not JSON/);
    expect(broken.testReportAttempts).toBe(1);
    expect(await tdb.db.testResult.count({ where: { pipelineId: BigInt(victim.id) } })).toBe(0);
    for (const other of fresh.slice(1)) {
      const p = await tdb.db.pipeline.findUniqueOrThrow({ where: { id: BigInt(other.id) } });
      expect(p.testReportError).toBeNull();
      expect(await tdb.db.testResult.count({ where: { pipelineId: p.id } })).toBe(p.testsTotal);
    }

    sim.faults.clear();
    await loop.runCycle();
    const fixed = await tdb.db.pipeline.findUniqueOrThrow({ where: { id: BigInt(victim.id) } });
    expect(fixed.testReportError).toBeNull();
    expect(await tdb.db.testResult.count({ where: { pipelineId: fixed.id } })).toBe((await gitlabReport(victim.project, victim.id)).total_count);
  });

  it("records an oversized report without reading it, and stops asking", async () => {
    const last = await tdb.db.pipeline.findFirstOrThrow({ where: { status: "success", testsTotal: { gt: 100 } }, orderBy: { id: "desc" } });
    await tdb.db.$executeRaw`UPDATE pipeline SET test_report_for = NULL WHERE id = ${last.id}`;
    const small = createSyncLoop(options({ maxTestReportBytes: 10_000 }));
    await loop.stop();
    try {
      const before = await counts();
      await small.runCycle();
      const p = await tdb.db.pipeline.findUniqueOrThrow({ where: { id: last.id } });
      expect(p.testReportError).toMatch(/larger than/);
      // Counts and results stored before stay.
      expect(p.testsTotal).toBe(last.testsTotal);
      expect(await counts()).toEqual(before);
      const requests = reportRequests();
      await small.runCycle();
      expect(reportRequests()).toBe(requests);
    } finally {
      await small.stop();
    }
    loop = createSyncLoop(options());
  });
});
