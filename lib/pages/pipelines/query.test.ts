import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/platform/db/client";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { getPipelinePage, parsePipelineId } from "./query";
import { pipelinePageFor } from "./scope";
import type { PipelineArtifact, PipelinePageData } from "./types";

const T0 = Date.parse("2026-11-20T10:00:00.000Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

const PIPELINE = 5001n;

interface JobSpec {
  id: bigint;
  stage: string;
  name: string;
  status: string;
  minute: number;
  retried?: boolean;
  allowFailure?: boolean;
  manual?: boolean;
  failureReason?: string;
  duration?: number;
  queued?: number;
}

async function addJobs(db: Db, serviceId: number, pipelineId: bigint, jobs: JobSpec[]) {
  await db.job.createMany({
    data: jobs.map((j) => ({
      id: j.id,
      pipelineId,
      serviceId,
      stage: j.stage,
      name: j.name,
      status: j.status,
      allowFailure: j.allowFailure ?? false,
      manual: j.manual ?? false,
      retried: j.retried ?? false,
      failureReason: j.failureReason ?? null,
      createdAt: at(j.minute),
      startedAt: at(j.minute),
      finishedAt: at(j.minute + 1),
      duration: j.duration ?? 60,
      queuedDuration: j.queued ?? 2,
      webUrl: `https://gitlab.example/cwiq/server/-/jobs/${j.id}`,
    })),
  });
}

function column(page: PipelinePageData | null, stage: string) {
  const found = page?.stages.find((s) => s.stage === stage);
  if (!found) throw new Error(`stage ${stage} missing`);
  return found;
}

function job(page: PipelinePageData | null, stage: string, name: string) {
  const found = column(page, stage).jobs.find((j) => j.name === name);
  if (!found) throw new Error(`job ${name} missing from ${stage}`);
  return found;
}

describe("getPipelinePage", () => {
  let tdb: TestDatabase;
  let db: Db;
  let page: PipelinePageData | null;

  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = tdb.db;
    const service = await db.service.create({ data: { name: "server", projectRef: "cwiq/server" } });
    await db.pipeline.create({
      data: {
        id: PIPELINE,
        iid: 77,
        serviceId: service.id,
        ref: "feature/login",
        refKind: "BRANCH",
        sha: "0123456789abcdef0123456789abcdef01234567",
        source: "push",
        status: "failed",
        commitTitle: "Fix login redirect",
        commitAuthor: "Ada Lovelace",
        createdAt: at(0),
        updatedAt: at(20),
        startedAt: at(1),
        finishedAt: at(19),
        duration: 1012,
        queuedDuration: 9,
        webUrl: "https://gitlab.example/cwiq/server/-/pipelines/5001",
        testsTotal: 412,
        testsFailed: 3,
        testsSkipped: 7,
        testsErrored: 1,
      },
    });
    // Stored out of order, with a non-standard stage whose stored position is 9.
    await db.stageResult.createMany({
      data: [
        { pipelineId: PIPELINE, stage: "e2e", position: 9, status: "failed", startedAt: at(12) },
        { pipelineId: PIPELINE, stage: "build", position: 2, status: "success", startedAt: at(8) },
        { pipelineId: PIPELINE, stage: "validate", position: 0, status: "success", startedAt: at(1) },
        { pipelineId: PIPELINE, stage: "test", position: 1, status: "failed_allowed", startedAt: at(3) },
      ],
    });
    await addJobs(db, service.id, PIPELINE, [
      { id: 101n, stage: "validate", name: "lint", status: "success", minute: 1, duration: 12.5, queued: 1.25 },
      { id: 102n, stage: "validate", name: "semgrep", status: "success", minute: 1 },
      // test: failed twice, then passed → flaky, two retries.
      { id: 103n, stage: "test", name: "test", status: "failed", minute: 3, retried: true, failureReason: "script_failure" },
      { id: 110n, stage: "test", name: "test", status: "failed", minute: 5, retried: true, failureReason: "script_failure" },
      { id: 111n, stage: "test", name: "test", status: "success", minute: 6, duration: 252 },
      // integration-test: allowed to fail, failed, never retried.
      { id: 104n, stage: "test", name: "integration-test", status: "failed", minute: 3, allowFailure: true, failureReason: "script_failure" },
      // build: canceled then succeeded → retried but not a flake.
      { id: 105n, stage: "build", name: "build-push", status: "canceled", minute: 8, retried: true },
      { id: 112n, stage: "build", name: "build-push", status: "success", minute: 9 },
      // deploy-dev: manual on a branch, no stage result yet.
      { id: 106n, stage: "deploy-dev", name: "deploy-dev", status: "manual", minute: 10, manual: true },
      // e2e: succeeded then failed on retry → not a flake.
      { id: 107n, stage: "e2e", name: "playwright", status: "success", minute: 12, retried: true },
      { id: 113n, stage: "e2e", name: "playwright", status: "failed", minute: 14, failureReason: "stuck_or_timeout_failure" },
    ]);
    page = await getPipelinePage(db, Number(PIPELINE));
  });

  afterAll(async () => {
    await tdb?.drop();
  });

  it("returns null for an unknown or invalid id", async () => {
    expect(await getPipelinePage(db, 999_999)).toBeNull();
    expect(await getPipelinePage(db, -1)).toBeNull();
    expect(await getPipelinePage(db, 1.5)).toBeNull();
  });

  it("parses ids from the URL", () => {
    expect(parsePipelineId("5001")).toBe(5001);
    expect(parsePipelineId("abc")).toBeNull();
    expect(parsePipelineId("12a")).toBeNull();
    expect(parsePipelineId("0")).toBeNull();
    expect(parsePipelineId("99999999999999999")).toBeNull();
  });

  it("returns the pipeline header as plain JSON", () => {
    expect(page).not.toBeNull();
    expect(page!.pipeline).toEqual({
      id: 5001,
      iid: 77,
      service: "server",
      ref: "feature/login",
      refKind: "branch",
      sha: "0123456789abcdef0123456789abcdef01234567",
      shortSha: "01234567",
      commitTitle: "Fix login redirect",
      commitAuthor: "Ada Lovelace",
      source: "push",
      status: "failed",
      createdAt: "2026-11-20T10:00:00.000Z",
      startedAt: "2026-11-20T10:01:00.000Z",
      finishedAt: "2026-11-20T10:19:00.000Z",
      durationSeconds: 1012,
      queuedDurationSeconds: 9,
      // Stored without GitLab's own timings (the default): shown as derived from the jobs.
      timingsFromJobs: true,
      webUrl: "https://gitlab.example/cwiq/server/-/pipelines/5001",
      mergeRequest: null,
      tests: { total: 412, failed: 3, skipped: 7, errored: 1 },
      parent: null,
    });
    // Survives JSON as is (no BigInt, no Date).
    expect(JSON.parse(JSON.stringify(page))).toEqual(page);
  });

  it("is shown only to viewers of its service, without findings below the security role", () => {
    const artifact = (tool: string, artifactName: string): PipelineArtifact => ({
      tool,
      artifact: artifactName,
      status: "ok",
      message: null,
      counts: { CRITICAL: 1, HIGH: 0, MEDIUM: 0, LOW: 0, INFO: 0 },
      total: 1,
      newCount: null,
      fixedCount: null,
      lineRate: tool === "cobertura" ? 0.8 : null,
      jobId: 1,
      jobWebUrl: "https://gitlab.example/job/1",
    });
    const full: PipelinePageData = { ...page!, security: { ...page!.security, artifacts: [artifact("semgrep", "semgrep-results.sarif"), artifact("cobertura", "coverage.xml")] } };
    expect(pipelinePageFor(full, { services: "all", security: "all" })).toBe(full);
    expect(pipelinePageFor(full, { services: ["ui"], security: ["ui"] })).toBeNull();
    const pipelinesOnly = pipelinePageFor(full, { services: ["server"], security: [] });
    expect(pipelinesOnly?.stages).toEqual(full.stages);
    expect(pipelinesOnly?.security).toMatchObject({ withheld: true, sonar: null, dojo: null });
    expect(pipelinesOnly?.security.artifacts.map((a) => a.tool)).toEqual(["cobertura"]);
  });

  it("orders stages standard first, then the extra stage; stages known only from jobs are kept", () => {
    expect(page!.stages.map((s) => [s.stage, s.status, s.standard])).toEqual([
      ["validate", "success", true],
      ["test", "failed_allowed", true],
      ["build", "success", true],
      ["deploy-dev", null, true],
      ["e2e", "failed", false],
    ]);
  });

  it("groups retried attempts under the current attempt and flags flakes", () => {
    expect(column(page, "test").jobs.map((j) => j.name)).toEqual(["integration-test", "test"]);
    const unit = job(page, "test", "test");
    const integration = job(page, "test", "integration-test");
    expect(unit).toMatchObject({ id: 111, status: "success", retryCount: 2, flaky: true, durationSeconds: 252 });
    expect(unit.retries.map((r) => [r.id, r.status, r.failureReason])).toEqual([
      [110, "failed", "script_failure"],
      [103, "failed", "script_failure"],
    ]);
    expect(integration).toMatchObject({
      id: 104,
      status: "failed",
      allowFailure: true,
      failureReason: "script_failure",
      retryCount: 0,
      retries: [],
      flaky: false,
      webUrl: "https://gitlab.example/cwiq/server/-/jobs/104",
    });

    const build = job(page, "build", "build-push");
    expect(build).toMatchObject({ id: 112, status: "success", retryCount: 1, flaky: false });
    const e2e = job(page, "e2e", "playwright");
    expect(e2e).toMatchObject({ id: 113, status: "failed", retryCount: 1, flaky: false, failureReason: "stuck_or_timeout_failure" });
    expect(job(page, "deploy-dev", "deploy-dev")).toMatchObject({ name: "deploy-dev", status: "manual", manual: true });
    expect(job(page, "validate", "lint")).toMatchObject({ name: "lint", durationSeconds: 12.5, queuedDurationSeconds: 1.25 });
    expect(page!.flakyJobs).toBe(1);
  });
});
