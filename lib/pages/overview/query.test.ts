import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/platform/db/client";
import { STAGES } from "@/lib/domain/cwiq";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { getOverview } from "./query";
import type { OverviewData, ServiceOverview } from "./types";


const T0 = Date.parse("2026-11-20T10:00:00.000Z");
/** A time `minutes` after T0. */
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

let nextId = 1000n;

async function addService(db: Db, name: string): Promise<number> {
  const s = await db.service.create({ data: { name, projectRef: `cwiq/${name}`, webUrl: `https://gitlab.example/cwiq/${name}` } });
  return s.id;
}

async function addPipeline(
  db: Db,
  serviceId: number,
  p: {
    ref: string;
    kind?: "MAIN" | "BRANCH" | "TAG";
    minute: number;
    status?: string;
    stages?: Record<string, string>;
    id?: bigint;
    sha?: string;
    title?: string;
  },
): Promise<bigint> {
  const id = p.id ?? nextId++;
  const kind = p.kind ?? (p.ref === "main" ? "MAIN" : "BRANCH");
  const sha = p.sha ?? id.toString(16).padStart(40, "a");
  await db.pipeline.create({
    data: {
      id,
      iid: Number(id % 100_000n),
      serviceId,
      ref: p.ref,
      refKind: kind,
      sha,
      source: "push",
      status: p.status ?? "success",
      commitTitle: p.title ?? `commit ${id}`,
      createdAt: at(p.minute),
      updatedAt: at(p.minute + 10),
      startedAt: at(p.minute + 1),
      finishedAt: at(p.minute + 9),
      duration: 252,
      queuedDuration: 7,
      webUrl: `https://gitlab.example/pipelines/${id}`,
    },
  });
  const stages = Object.entries(p.stages ?? { validate: "success", test: "success", build: "success" });
  await db.stageResult.createMany({
    data: stages.map(([stage, status], i) => ({
      pipelineId: id,
      stage,
      position: (STAGES as readonly string[]).includes(stage) ? (STAGES as readonly string[]).indexOf(stage) : 9,
      status,
      startedAt: at(p.minute + 1 + i),
    })),
  });
  return id;
}

async function addJob(
  db: Db,
  serviceId: number,
  pipelineId: bigint,
  j: { minute: number; coverage: number | null; name?: string; status?: string; retried?: boolean; id?: bigint },
): Promise<bigint> {
  const id = j.id ?? nextId++;
  await db.job.create({
    data: {
      id,
      pipelineId,
      serviceId,
      stage: "test",
      name: j.name ?? "test",
      status: j.status ?? "success",
      allowFailure: false,
      retried: j.retried ?? false,
      createdAt: at(j.minute),
      coverage: j.coverage,
      webUrl: `https://gitlab.example/jobs/${id}`,
    },
  });
  return id;
}

function service(data: OverviewData, name: string): ServiceOverview {
  const found = data.services.find((s) => s.name === name);
  if (!found) throw new Error(`service ${name} missing from the overview`);
  return found;
}

describe("getOverview", () => {
  let tdb: TestDatabase;
  let db: Db;
  const ids: Record<string, bigint> = {};

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = tdb.db;
    const server = await addService(db, "server");
    const iam = await addService(db, "iam-api");
    const ui = await addService(db, "ui");
    await addService(db, "executor");
    await addService(db, "legacy");

    // server: two main pipelines; the later one failed at build and ran an extra e2e stage.
    ids.serverOldMain = await addPipeline(db, server, { ref: "main", minute: 0 });
    ids.serverMain = await addPipeline(db, server, {
      ref: "main",
      minute: 60,
      status: "failed",
      title: "Fix token refresh",
      sha: "0123456789abcdef0123456789abcdef01234567",
      stages: { validate: "success", test: "failed_allowed", build: "failed", e2e: "canceled", push: "skipped", "deploy-dev": "created" },
    });
    // Branch pipelines newer than the latest main must not be taken for main.
    ids.fa1 = await addPipeline(db, server, { ref: "feature/a", minute: 10 });
    ids.fb = await addPipeline(db, server, { ref: "feature/b", minute: 20 });
    ids.fa2 = await addPipeline(db, server, { ref: "feature/a", minute: 30, status: "running", stages: { validate: "success", test: "running" } });
    ids.tag = await addPipeline(db, server, { ref: "v1.2.0", kind: "TAG", minute: 40, stages: { validate: "success", release: "success", docs: "success" } });
    ids.fc = await addPipeline(db, server, { ref: "feature/c", minute: 50 });
    ids.fa3 = await addPipeline(db, server, { ref: "feature/a", minute: 70, status: "failed", stages: { validate: "failed" } });
    ids.fd = await addPipeline(db, server, { ref: "feature/d", minute: 5 });
    ids.fe = await addPipeline(db, server, { ref: "feature/e", minute: 2 });
    // Same created_at as feature/e: the higher id is the later pipeline.
    ids.ff = await addPipeline(db, server, { ref: "feature/f", minute: 2 });

    // iam-api: one main pipeline, and the sync has been failing on auth since 2 h of data.
    ids.iamMain = await addPipeline(db, iam, { ref: "main", minute: 15 });
    await db.syncState.create({
      data: {
        serviceId: iam,
        backfillDone: true,
        backfillPipelines: 40,
        backfillTotal: 40,
        lastAttemptAt: at(200),
        lastSuccessAt: at(80),
        lastErrorAt: at(200),
        lastErrorKind: "auth",
        lastError: "401 Unauthorized",
        consecutiveErrors: 12,
      },
    });

    // ui: main is called master; an old error has since been cleared by a success; backfill still running.
    ids.uiMain = await addPipeline(db, ui, { ref: "master", kind: "MAIN", minute: 25 });
    await db.syncState.create({
      data: {
        serviceId: ui,
        backfillDone: false,
        backfillPipelines: 1234,
        backfillTotal: 2400,
        lastAttemptAt: at(210),
        lastSuccessAt: at(210),
        lastErrorAt: at(150),
        lastErrorKind: "timeout",
        lastError: "timed out",
        consecutiveErrors: 0,
      },
    });
  });

  afterAll(async () => {
    await tdb?.drop();
  });

  it("picks the latest main pipeline per service with all its fields", async () => {
    const data = await getOverview(db, { serviceOrder: ["server", "iam-api", "ui", "executor"] });
    const main = service(data, "server").latestMain;
    expect(main).toMatchObject({
      id: Number(ids.serverMain),
      ref: "main",
      refKind: "main",
      status: "failed",
      sha: "0123456789abcdef0123456789abcdef01234567",
      shortSha: "01234567",
      commitTitle: "Fix token refresh",
      createdAt: "2026-11-20T11:00:00.000Z",
      startedAt: "2026-11-20T11:01:00.000Z",
      finishedAt: "2026-11-20T11:09:00.000Z",
      durationSeconds: 252,
      queuedDurationSeconds: 7,
      webUrl: `https://gitlab.example/pipelines/${ids.serverMain}`,
    });
    expect(service(data, "iam-api").latestMain?.id).toBe(Number(ids.iamMain));
    expect(service(data, "ui").latestMain).toMatchObject({ id: Number(ids.uiMain), ref: "master", refKind: "main" });
  });

  it("shows the nine standard stages always, missing ones as null, then extra stages", async () => {
    const data = await getOverview(db);
    const stages = service(data, "server").latestMain?.stages ?? [];
    expect(stages.map((s) => [s.stage, s.status, s.standard])).toEqual([
      ["validate", "success", true],
      ["test", "failed_allowed", true],
      ["build", "failed", true],
      ["push", "skipped", true],
      ["scan", null, true],
      ["release", null, true],
      ["deploy-dev", "created", true],
      ["migrate", null, true],
      ["verify", null, true],
      ["e2e", "canceled", false],
    ]);
  });

  it("lists the latest pipeline of each other ref, newest first, limited to 5", async () => {
    const data = await getOverview(db);
    const others = service(data, "server").otherRefs;
    expect(others.map((p) => [p.ref, p.id])).toEqual([
      ["feature/a", Number(ids.fa3)],
      ["feature/c", Number(ids.fc)],
      ["v1.2.0", Number(ids.tag)],
      ["feature/b", Number(ids.fb)],
      ["feature/d", Number(ids.fd)],
    ]);
    const tag = others[2];
    expect(tag?.refKind).toBe("tag");
    expect(tag?.stages.find((s) => s.stage === "release")?.status).toBe("success");
    expect(tag?.stages.at(-1)).toEqual({ stage: "docs", status: "success", standard: false });
    expect(others[0]?.stages.slice(0, 2)).toEqual([
      { stage: "validate", status: "failed", standard: true },
      { stage: "test", status: null, standard: true },
    ]);
  });

  it("honours the other-refs limit and breaks created_at ties by id", async () => {
    const seven = service(await getOverview(db, { otherRefsLimit: 7 }), "server").otherRefs;
    expect(seven.map((p) => p.ref)).toEqual(["feature/a", "feature/c", "v1.2.0", "feature/b", "feature/d", "feature/f", "feature/e"]);
    const two = service(await getOverview(db, { otherRefsLimit: 2 }), "server").otherRefs;
    expect(two.map((p) => p.ref)).toEqual(["feature/a", "feature/c"]);
    const none = await getOverview(db, { otherRefsLimit: 0 });
    expect(none.services.every((s) => s.otherRefs.length === 0)).toBe(true);
    expect(service(none, "server").latestMain?.id).toBe(Number(ids.serverMain));
  });

  it("lists other refs for a handful of configured services, and main pipelines only for many", async () => {
    const few = await getOverview(db, { serviceOrder: ["server", "iam-api", "ui", "executor"] });
    expect(few.otherRefsListed).toBe(true);
    expect(service(few, "server").otherRefs).toHaveLength(5);
    const many = await getOverview(db, { serviceOrder: Array.from({ length: 13 }, (_, i) => `service-${i}`) });
    expect(many.otherRefsListed).toBe(false);
    expect(many.services.every((s) => s.otherRefs.length === 0)).toBe(true);
    expect(service(many, "server").latestMain?.id).toBe(Number(ids.serverMain));
  });

  it("reports a service without pipelines or sync state as empty, not as an error", async () => {
    const data = await getOverview(db);
    expect(service(data, "executor")).toEqual({
      name: "executor",
      webUrl: "https://gitlab.example/cwiq/executor",
      latestMain: null,
      otherRefs: [],
      coverage: null,
      sync: null,
    });
  });

  it("orders services like the configuration, unlisted ones after by name", async () => {
    const ordered = await getOverview(db, { serviceOrder: ["server", "iam-api", "ui", "executor"] });
    expect(ordered.services.map((s) => s.name)).toEqual(["server", "iam-api", "ui", "executor", "legacy"]);
    const byName = await getOverview(db);
    expect(byName.services.map((s) => s.name)).toEqual(["executor", "iam-api", "legacy", "server", "ui"]);
  });

  it("reports an auth failure with the time of the data still shown, and ignores a cleared error", async () => {
    const data = await getOverview(db, { serviceOrder: ["server", "iam-api", "ui", "executor"] });
    expect(service(data, "iam-api").sync?.error).toEqual({
      kind: "auth",
      message: "401 Unauthorized",
      at: "2026-11-20T13:20:00.000Z",
      consecutiveErrors: 12,
    });
    expect(service(data, "ui").sync?.error).toBeNull();
    expect(data.sync.errors).toEqual([
      {
        service: "iam-api",
        kind: "auth",
        message: "401 Unauthorized",
        at: "2026-11-20T13:20:00.000Z",
        consecutiveErrors: 12,
        lastSuccessAt: "2026-11-20T11:20:00.000Z",
      },
    ]);
  });

  it("summarises sync: latest success across services and backfill progress", async () => {
    const data = await getOverview(db, { serviceOrder: ["server", "iam-api", "ui", "executor"] });
    expect(data.sync.lastSuccessAt).toBe("2026-11-20T13:30:00.000Z");
    // server, executor and legacy have no sync state yet: pending, total unknown.
    expect(data.sync.backfill).toEqual({
      done: false,
      pending: ["server", "ui", "executor", "legacy"],
      pipelines: 1234,
      total: null,
    });
    expect(service(data, "ui").sync?.backfill).toEqual({ done: false, pipelines: 1234, total: 2400 });
  });

  it("returns plain JSON", async () => {
    const data = await getOverview(db);
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
    expect(Date.parse(data.generatedAt)).toBeGreaterThan(Date.now() - 60_000);
  });
});

describe("getOverview sync summary", () => {
  let tdb: TestDatabase;

  beforeAll(async () => {
    tdb = await createTestDatabase();
  });
  afterAll(async () => {
    await tdb?.drop();
  });

  it("is empty with no services, and totals backfill progress when every total is known", async () => {
    const db = tdb.db;
    const empty = await getOverview(db);
    expect(empty.services).toEqual([]);
    expect(empty.sync).toEqual({
      lastSuccessAt: null,
      errors: [],
      backfill: { done: true, pending: [], pipelines: 0, total: null },
      testReportsWaiting: 0,
    });

    const a = await addService(db, "a");
    const b = await addService(db, "b");
    const c = await addService(db, "c");
    await db.syncState.createMany({
      data: [
        { serviceId: a, backfillDone: false, backfillPipelines: 1000, backfillTotal: 2000, lastSuccessAt: at(5) },
        { serviceId: b, backfillDone: false, backfillPipelines: 234, backfillTotal: 400 },
        { serviceId: c, backfillDone: true, backfillPipelines: 99, backfillTotal: 99, lastSuccessAt: at(1) },
      ],
    });
    const data = await getOverview(db);
    expect(data.sync.backfill).toEqual({ done: false, pending: ["a", "b"], pipelines: 1234, total: 2400 });
    expect(data.sync.lastSuccessAt).toBe(at(5).toISOString());
    // b has never succeeded nor failed: no error to show.
    expect(data.sync.errors).toEqual([]);
  });
});

describe("getOverview coverage", () => {
  let tdb: TestDatabase;
  let db: Db;
  const ids: Record<string, bigint> = {};

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = tdb.db;
    const server = await addService(db, "server");
    const iam = await addService(db, "iam-api");
    const ui = await addService(db, "ui");
    await addService(db, "executor");

    // server: main coverage 80.0, then 80.9, then 81.3; everything newer must be ignored.
    ids.m1 = await addPipeline(db, server, { ref: "main", minute: 0 });
    await addJob(db, server, ids.m1, { minute: 0, coverage: 80 });
    ids.m2 = await addPipeline(db, server, { ref: "main", minute: 10 });
    await addJob(db, server, ids.m2, { minute: 10, coverage: 80.9, id: 900_002n });
    ids.m3 = await addPipeline(db, server, { ref: "main", minute: 20 });
    // Newest by time, lower job id: time decides, not the id.
    await addJob(db, server, ids.m3, { minute: 20, coverage: 81.3, id: 500n });
    // A newer main pipeline whose test job was retried (the attempt that counts failed).
    ids.m4 = await addPipeline(db, server, { ref: "main", minute: 30, status: "failed" });
    await addJob(db, server, ids.m4, { minute: 30, coverage: 10, retried: true });
    await addJob(db, server, ids.m4, { minute: 31, coverage: 20, status: "failed" });
    // A branch pipeline with a higher coverage.
    ids.b1 = await addPipeline(db, server, { ref: "feature/x", minute: 40 });
    await addJob(db, server, ids.b1, { minute: 40, coverage: 99 });
    // A tag pipeline: not main either.
    ids.t1 = await addPipeline(db, server, { ref: "v1.0.0", kind: "TAG", minute: 45 });
    await addJob(db, server, ids.t1, { minute: 45, coverage: 98 });
    // The newest main pipeline: its test job reported no coverage, another job did.
    ids.m5 = await addPipeline(db, server, { ref: "main", minute: 50 });
    await addJob(db, server, ids.m5, { minute: 50, coverage: null });
    await addJob(db, server, ids.m5, { minute: 50, coverage: 55, name: "lint" });

    // iam-api: a single value, so no previous one; coverage falling is still just one value.
    ids.iamMain = await addPipeline(db, iam, { ref: "main", minute: 5 });
    await addJob(db, iam, ids.iamMain, { minute: 5, coverage: 64.25 });

    // ui: main is called master; only a failed test job on it and a branch value: no coverage.
    ids.uiMain = await addPipeline(db, ui, { ref: "master", kind: "MAIN", minute: 5 });
    await addJob(db, ui, ids.uiMain, { minute: 5, coverage: 70, status: "failed" });
    ids.uiBranch = await addPipeline(db, ui, { ref: "feature/y", minute: 6 });
    await addJob(db, ui, ids.uiBranch, { minute: 6, coverage: 71 });
  });

  afterAll(async () => {
    await tdb?.drop();
  });

  it("takes the newest main value and the one before it, ignoring branches, tags, retried and failed test jobs", async () => {
    const data = await getOverview(db);
    expect(service(data, "server").coverage).toEqual({ latest: 81.3, previous: 80.9, pipelineId: Number(ids.m3) });
    // The latest main pipeline is still the newest one, coverage or not.
    expect(service(data, "server").latestMain?.id).toBe(Number(ids.m5));
  });

  it("has no previous value with a single one, and no coverage without a successful main test job", async () => {
    const data = await getOverview(db);
    expect(service(data, "iam-api").coverage).toEqual({ latest: 64.25, previous: null, pipelineId: Number(ids.iamMain) });
    expect(service(data, "ui").coverage).toBeNull();
    expect(service(data, "executor").coverage).toBeNull();
  });

  it("moves on when a newer main test job succeeds", async () => {
    const serverId = (await db.service.findUniqueOrThrow({ where: { name: "server" } })).id;
    const m6 = await addPipeline(db, serverId, { ref: "main", minute: 60 });
    await addJob(db, serverId, m6, { minute: 60, coverage: 81.1 });
    const data = await getOverview(db);
    expect(service(data, "server").coverage).toEqual({ latest: 81.1, previous: 81.3, pipelineId: Number(m6) });
  });
});
