import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/platform/db/client";
import { STAGES } from "@/lib/domain/cwiq";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { getServicePage } from "./query";
import type { ServicePageParams } from "./types";

const NOW = new Date("2026-11-20T12:00:00.000Z");
let nextPipelineId = 5000n;
let nextJobId = 900_000n;

async function addService(db: Db, name: string): Promise<number> {
  const s = await db.service.create({ data: { name, projectRef: `cwiq/${name}`, webUrl: `https://gitlab.example/cwiq/${name}` } });
  return s.id;
}

interface JobSpec {
  name: string;
  status: string;
  duration?: number | null;
  coverage?: number;
  retried?: boolean;
  /** Minutes after the pipeline was created. */
  minute?: number;
}

async function addPipeline(
  db: Db,
  serviceId: number,
  p: {
    ref: string;
    kind?: "MAIN" | "BRANCH" | "TAG";
    at: string;
    status: string;
    duration: number | null;
    queued: number;
    stages?: Record<string, string>;
    jobs?: JobSpec[];
  },
): Promise<{ id: bigint; jobIds: Record<string, bigint> }> {
  const id = nextPipelineId++;
  const createdAt = new Date(p.at);
  await db.pipeline.create({
    data: {
      id,
      iid: Number(id),
      serviceId,
      ref: p.ref,
      refKind: p.kind ?? (p.ref === "main" ? "MAIN" : "BRANCH"),
      sha: id.toString(16).padStart(40, "c"),
      source: "push",
      status: p.status,
      createdAt,
      updatedAt: createdAt,
      duration: p.duration,
      queuedDuration: p.queued,
      webUrl: `https://gitlab.example/pipelines/${id}`,
    },
  });
  const stages = Object.entries(p.stages ?? { validate: "success" });
  await db.stageResult.createMany({
    data: stages.map(([stage, status]) => ({ pipelineId: id, stage, position: (STAGES as readonly string[]).indexOf(stage), status })),
  });
  const jobIds: Record<string, bigint> = {};
  for (const [i, j] of (p.jobs ?? []).entries()) {
    const jobId = nextJobId++;
    jobIds[`${j.name}#${i}`] = jobId;
    await db.job.create({
      data: {
        id: jobId,
        pipelineId: id,
        serviceId,
        stage: j.name === "lint" ? "validate" : "test",
        name: j.name,
        status: j.status,
        allowFailure: false,
        retried: j.retried ?? false,
        createdAt: new Date(createdAt.getTime() + (j.minute ?? 0) * 60_000),
        duration: j.duration ?? null,
        coverage: j.coverage ?? null,
        webUrl: `https://gitlab.example/jobs/${jobId}`,
        // copied from the pipeline, as the sync's store writes them
        pipelineCreatedAt: createdAt,
        refKind: p.kind ?? (p.ref === "main" ? "MAIN" : "BRANCH"),
      },
    });
  }
  return { id, jobIds };
}

const params = (over: Partial<ServicePageParams> = {}): ServicePageParams => ({ service: "server", period: 7, page: 1, perPage: 20, ...over });

describe("getServicePage", () => {
  let tdb: TestDatabase;
  let db: Db;
  const ids: Record<string, bigint> = {};
  const jobs: Record<string, bigint> = {};

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = tdb.db;
    const server = await addService(db, "server");
    await addService(db, "ui");
    const other = await addService(db, "iam-api");
    const add = async (key: string, spec: Parameters<typeof addPipeline>[2], on = server) => {
      const r = await addPipeline(db, on, spec);
      ids[key] = r.id;
      for (const [k, v] of Object.entries(r.jobIds)) jobs[`${key}.${k}`] = v;
    };
    // Outside a 7-day period.
    await add("M0", { ref: "main", at: "2026-11-01T10:00:00Z", status: "success", duration: 90, queued: 9, jobs: [{ name: "test", status: "success", duration: 55, coverage: 70 }, { name: "lint", status: "failed", duration: 4 }] });
    await add("T1", { ref: "v1.0", kind: "TAG", at: "2026-11-15T10:00:00Z", status: "success", duration: 500, queued: 50 });
    await add("B3", { ref: "feature-b", at: "2026-11-16T10:00:00Z", status: "success", duration: 150, queued: 15 });
    await add("B2", { ref: "feature-a", at: "2026-11-17T08:00:00Z", status: "canceled", duration: 50, queued: 5 });
    await add("M1", {
      ref: "main", at: "2026-11-18T10:00:00Z", status: "success", duration: 100, queued: 10,
      jobs: [{ name: "test", status: "success", duration: 60, coverage: 80 }, { name: "lint", status: "success", duration: 10 }],
    });
    await add("M2", {
      ref: "main", at: "2026-11-19T10:00:00Z", status: "failed", duration: 200, queued: 20,
      stages: { validate: "failed", test: "success" },
      jobs: [
        { name: "test", status: "failed", duration: 50, retried: true, minute: 1 },
        { name: "test", status: "success", duration: 70, coverage: 82.5, minute: 5 },
        { name: "lint", status: "failed", duration: 5 },
      ],
    });
    await add("M3", {
      ref: "main", at: "2026-11-19T11:00:00Z", status: "success", duration: 300, queued: 30,
      jobs: [{ name: "test", status: "success", duration: 80, coverage: 83 }, { name: "lint", status: "success", duration: 12 }],
    });
    await add("B1", {
      ref: "feature-a", at: "2026-11-20T08:00:00Z", status: "failed", duration: 400, queued: 5,
      jobs: [{ name: "test", status: "failed", duration: 30 }, { name: "lint", status: "success", duration: 11 }],
    });
    await add("M4", { ref: "main", at: "2026-11-20T09:00:00Z", status: "running", duration: null, queued: 40, jobs: [{ name: "test", status: "running" }] });
    // Another service's pipeline never shows up.
    await add("X1", { ref: "main", at: "2026-11-19T10:00:00Z", status: "failed", duration: 999, queued: 99, jobs: [{ name: "test", status: "failed", duration: 1 }] }, other);
  });

  afterAll(async () => {
    await tdb?.drop();
  });

  it("returns null for an unknown service", async () => {
    expect(await getServicePage(db, params({ service: "nope" }), { now: NOW })).toBeNull();
  });

  it("gives an empty page, not an error, for a service without pipelines", async () => {
    const data = await getServicePage(db, params({ service: "ui" }), { now: NOW });
    expect(data).not.toBeNull();
    expect(data?.pipelines).toEqual({ items: [], total: 0, page: 1, perPage: 20, pageCount: 1 });
    expect(data?.daily).toHaveLength(7);
    expect(data?.daily.every((d) => d.pipelines === 0 && d.successRate === null && d.durationP50 === null)).toBe(true);
    expect(data?.period.successRate).toBeNull();
    expect(data?.failingJobs).toEqual([]);
    expect(data?.slowestJobs).toEqual([]);
    expect(data?.flakyJobs).toEqual([]);
    expect(data?.coverage.latest).toBeNull();
    expect(data?.heatStrip).toEqual([]);
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });

  it("lists all pipelines newest first, paginated on the server, as plain JSON", async () => {
    const first = await getServicePage(db, params({ perPage: 3 }), { now: NOW });
    expect(first?.pipelines.total).toBe(9);
    expect(first?.pipelines.pageCount).toBe(3);
    expect(first?.pipelines.items.map((p) => p.id)).toEqual([ids.M4, ids.B1, ids.M3].map(Number));
    const second = await getServicePage(db, params({ perPage: 3, page: 2 }), { now: NOW });
    expect(second?.pipelines.items.map((p) => p.id)).toEqual([ids.M2, ids.M1, ids.B2].map(Number));
    const m2 = second?.pipelines.items[0];
    expect(m2?.createdAt).toBe("2026-11-19T10:00:00.000Z");
    expect(m2?.stages.find((s) => s.stage === "validate")?.status).toBe("failed");
    expect(m2?.stages.find((s) => s.stage === "release")?.status).toBeNull();
    const beyond = await getServicePage(db, params({ perPage: 3, page: 4 }), { now: NOW });
    expect(beyond?.pipelines.items).toEqual([]);
    expect(beyond?.pipelines.total).toBe(9);
    expect(JSON.parse(JSON.stringify(second))).toEqual(second);
  });

  it("filters the table by ref kind, ref and status", async () => {
    const branches = await getServicePage(db, params({ refKind: "branch" }), { now: NOW });
    expect(branches?.pipelines.items.map((p) => p.id)).toEqual([ids.B1, ids.B2, ids.B3].map(Number));
    expect(branches?.pipelines.total).toBe(3);
    const failedA = await getServicePage(db, params({ ref: "feature-a", status: "failed" }), { now: NOW });
    expect(failedA?.pipelines.items.map((p) => p.id)).toEqual([Number(ids.B1)]);
    const tags = await getServicePage(db, params({ refKind: "tag" }), { now: NOW });
    expect(tags?.pipelines.items.map((p) => p.refKind)).toEqual(["tag"]);
    // Trends follow ref kind: branches in the period are B1 (failed), B2 (canceled), B3 (success).
    expect(branches?.period.successRate).toBe(0.5);
    expect(branches?.period.pipelines).toBe(3);
  });

  it("computes the period's success rate, duration and queue percentiles, per day and overall", async () => {
    const data = await getServicePage(db, params(), { now: NOW });
    expect(data?.period.from).toBe("2026-11-14T00:00:00.000Z");
    expect(data?.daily.map((d) => d.day)).toEqual(["2026-11-14", "2026-11-15", "2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20"]);
    // 8 pipelines in the period: 4 success, 2 failed, 1 canceled, 1 running.
    expect(data?.period.pipelines).toBe(8);
    expect(data?.period.successRate).toBeCloseTo(4 / 6, 10);
    // durations 50,100,150,200,300,400,500 (running has none): p50 200, p95 = 400 + 0.7·100
    expect(data?.period.durationP50).toBe(200);
    expect(data?.period.durationP95).toBeCloseTo(470, 10);
    // queues 5,5,10,15,20,30,40,50: p50 = (15 + 20) / 2
    expect(data?.period.queueP50).toBe(17.5);
    const day19 = data?.daily.find((d) => d.day === "2026-11-19");
    expect(day19).toEqual({ day: "2026-11-19", pipelines: 2, successRate: 0.5, durationP50: 250, durationP95: 295, queueP50: 25 });
    const day20 = data?.daily.find((d) => d.day === "2026-11-20");
    expect(day20).toMatchObject({ pipelines: 2, successRate: 0, durationP50: 400, queueP50: 22.5 });
    expect(data?.daily[0]).toEqual({ day: "2026-11-14", pipelines: 0, successRate: null, durationP50: null, durationP95: null, queueP50: null });
    // 17 Nov: only a canceled pipeline — no success rate.
    expect(data?.daily.find((d) => d.day === "2026-11-17")?.successRate).toBeNull();
  });

  it("ranks failing and slowest jobs on final attempts, with a link to the latest failure", async () => {
    const data = await getServicePage(db, params(), { now: NOW });
    expect(data?.failingJobs).toEqual([
      {
        name: "lint", stage: "validate", failures: 1, runs: 4, rate: 0.25,
        latestFailedWebUrl: `https://gitlab.example/jobs/${jobs["M2.lint#2"]}`,
        latestFailedPipelineId: Number(ids.M2), latestFailedAt: "2026-11-19T10:00:00.000Z",
      },
      {
        name: "test", stage: "test", failures: 1, runs: 4, rate: 0.25,
        latestFailedWebUrl: `https://gitlab.example/jobs/${jobs["B1.test#0"]}`,
        latestFailedPipelineId: Number(ids.B1), latestFailedAt: "2026-11-20T08:00:00.000Z",
      },
    ]);
    // Successful final attempts: test 60, 70, 80; lint 10, 12, 11.
    expect(data?.slowestJobs.map((j) => j.name)).toEqual(["test", "lint"]);
    expect(data?.slowestJobs[0]).toMatchObject({ runs: 3, p50: 70 });
    expect(data?.slowestJobs[0]?.p95).toBeCloseTo(79, 10);
    expect(data?.slowestJobs[1]).toMatchObject({ runs: 3, p50: 11 });
  });

  it("measures flakes: failed then passed on retry, per pipeline where the job ran", async () => {
    const data = await getServicePage(db, params(), { now: NOW });
    // test ran (succeeded or failed) in M1, M2, M3, B1 — M4's is still running; only M2 failed then passed.
    expect(data?.flakyJobs).toEqual([{ name: "test", pipelines: 4, flakyPipelines: 1, rate: 0.25 }]);
    const branches = await getServicePage(db, params({ refKind: "branch" }), { now: NOW });
    expect(branches?.flakyJobs).toEqual([]);
  });

  it("adds the coverage.xml line rate of the day's last main pipeline that kept one", async () => {
    const serviceId = (await db.service.findUniqueOrThrow({ where: { name: "server" } })).id;
    const report = (key: string, jobKey: string, lineRate: number | null, status = "ok") =>
      db.scanReport.create({
        data: {
          jobId: jobs[jobKey]!,
          pipelineId: ids[key]!,
          serviceId,
          pipelineCreatedAt: new Date(key === "M3" ? "2026-11-19T11:00:00Z" : "2026-11-19T09:00:00Z"),
          refKind: "MAIN",
          tool: "cobertura",
          artifact: "coverage.xml",
          status,
          lineRate,
        },
      });
    await report("M2", "M2.test#1", 0.8125);
    await report("M3", "M3.test#0", 0.833);
    try {
      const data = await getServicePage(db, params(), { now: NOW });
      const byDay = Object.fromEntries(data?.coverage.daily.map((c) => [c.day, c.lineRate]) ?? []);
      // M2 and M3 both ran on the 19th: the later one counts; no other day has a report.
      expect(byDay["2026-11-19"]).toBe(83.3);
      expect(Object.values(byDay).filter((v) => v !== null)).toHaveLength(1);
    } finally {
      await db.scanReport.deleteMany({});
    }
  });

  it("tracks the test job's coverage on main by day, and the latest", async () => {
    const data = await getServicePage(db, params(), { now: NOW });
    const byDay = Object.fromEntries(data?.coverage.daily.map((c) => [c.day, c.coverage]) ?? []);
    expect(byDay).toEqual({
      "2026-11-14": null, "2026-11-15": null, "2026-11-16": null, "2026-11-17": null,
      "2026-11-18": 80,
      // two main pipelines that day: the later one's coverage
      "2026-11-19": 83,
      "2026-11-20": null,
    });
    expect(data?.coverage.latest).toEqual({ coverage: 83, pipelineId: Number(ids.M3), at: "2026-11-19T11:00:00.000Z" });
    const month = await getServicePage(db, params({ period: 30 }), { now: NOW });
    expect(month?.coverage.daily).toHaveLength(30);
    expect(data?.coverage.daily.every((c) => c.lineRate === null)).toBe(true);
    expect(month?.coverage.daily.find((c) => c.day === "2026-11-01")?.coverage).toBe(70);
  });

  it("shows the last main pipelines in the heat strip, newest first, whatever the filters", async () => {
    const data = await getServicePage(db, params({ refKind: "branch", status: "failed" }), { now: NOW });
    expect(data?.heatStrip.map((p) => p.id)).toEqual([ids.M4, ids.M3, ids.M2, ids.M1, ids.M0].map(Number));
    expect(data?.heatStrip[2]?.stages.slice(0, 2)).toEqual([
      { stage: "validate", status: "failed", standard: true },
      { stage: "test", status: "success", standard: true },
    ]);
    expect(data?.refs).toEqual(["feature-a", "feature-b"]);
  });
});
