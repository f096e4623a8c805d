import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { recorded, startRecordedGitlab, type RecordedGitlab } from "@/test/support/recorded-gitlab";
import { createSyncLoop, type SyncLoop } from "./loop";

/*
 * The sync against real GitLab answers nobody here wrote, served over HTTP as recorded: GitLab's
 * documentation examples of a gitlab.com merge request (!133) and its merged-results pipeline, the
 * documented job list and full test report (sources in test/fixtures/real/SOURCES.md).
 */
const mr = z
  .object({ pipeline: z.object({ id: z.number() }).passthrough(), head_pipeline: z.object({ id: z.number() }).passthrough() })
  .passthrough()
  .parse(recorded("merge-request-single.doc-example.jsonc"));
const PROJECT = 15513260;
const PIPELINE = mr.pipeline.id;

let gitlab: RecordedGitlab;
let tdb: TestDatabase;
let loop: SyncLoop;

beforeAll(async () => {
  gitlab = await startRecordedGitlab({
    [`projects/${PROJECT}/pipelines`]: [mr.pipeline],
    [`projects/${PROJECT}/pipelines/${PIPELINE}`]: mr.head_pipeline,
    [`projects/${PROJECT}/pipelines/${PIPELINE}/jobs`]: recorded("pipeline-jobs-list.json"),
    // The pipeline started no other pipeline: GitLab answers an empty list of trigger jobs.
    [`projects/${PROJECT}/pipelines/${PIPELINE}/bridges`]: [],
    [`projects/${PROJECT}/pipelines/${PIPELINE}/test_report`]: recorded("pipeline-test_report.json"),
    [`projects/${PROJECT}/merge_requests/133`]: recorded("merge-request-single.doc-example.jsonc"),
    [`projects/${PROJECT}/deployments`]: [],
    [`projects/${PROJECT}/environments`]: [],
  });
  tdb = await createTestDatabase();
  // The project is known by id already, so only recorded answers are asked for.
  await tdb.db.service.create({ data: { name: "test-project", projectRef: String(PROJECT), gitlabProjectId: PROJECT } });
  loop = createSyncLoop({
    db: tdb.db,
    databaseUrl: tdb.url,
    gitlab: { url: gitlab.url, token: "glpat-replay" },
    services: [{ name: "test-project", project: String(PROJECT) }],
    pollIntervalSeconds: 5,
    // The recorded pipeline ran in 2022.
    backfillDays: 365 * 10,
    concurrency: 2,
    requestTimeoutMs: 5_000,
    logger: pino({ level: "silent" }),
  });
});

afterAll(async () => {
  await loop.stop();
  await gitlab.close();
  await tdb.drop();
});

describe("real GitLab answers, replayed", () => {
  it("store a merge-request pipeline as its merge request's, with the request's title and source branch", async () => {
    const first = await loop.runCycle();
    expect(first.projects.map((p) => p.ok)).toEqual([true]);
    const pipeline = await tdb.db.pipeline.findUniqueOrThrow({ where: { id: BigInt(PIPELINE) } });
    expect(pipeline.refKind).toBe("MERGE_REQUEST");
    expect(pipeline.mergeRequestIid).toBe(133);
    expect(pipeline.ref).toBe("refs/merge-requests/133/merge");
    const request = await tdb.db.mergeRequest.findFirstOrThrow({ where: { iid: 133 } });
    expect(request).toMatchObject({ title: "Manual job rules", sourceBranch: "manual-job-rules", targetBranch: "main", state: "opened" });
    expect(request.webUrl).toBe("https://gitlab.com/marcel.amirault/test-project/-/merge_requests/133");
  });

  it("store GitLab's documented test report verbatim: its one case once, with the pipeline's counts", async () => {
    const cases = await tdb.db.testCase.findMany({ include: { failures: true } });
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({
      suite: "Secure",
      classname: "vulnerability_management_spec",
      name: "Security Reports can create an auto-remediation MR",
      file: null,
    });
    // execution_time 5 (seconds): 5,000 ms; a success carries no failure text.
    expect(await tdb.db.testResult.findMany()).toEqual([{ testCaseId: cases[0]?.id, pipelineId: BigInt(PIPELINE), status: 0, durationMs: 5000 }]);
    expect(cases[0]?.failures).toEqual([]);
    const pipeline = await tdb.db.pipeline.findUniqueOrThrow({ where: { id: BigInt(PIPELINE) } });
    expect(pipeline).toMatchObject({ testsTotal: 1, testsFailed: 0, testsSkipped: 0, testsErrored: 0, testReportError: null });
    expect(gitlab.asked.filter((p) => p.endsWith("/test_report"))).toHaveLength(1);
  });

  it("keep GitLab's own timings of the completed pipeline, not ones derived from its jobs", async () => {
    // The list lacks them: the backfill read the pipeline on its own, once its pipelines were stored.
    expect(gitlab.asked.filter((p) => p.endsWith(`/pipelines/${PIPELINE}`))).toHaveLength(1);
    const pipeline = await tdb.db.pipeline.findUniqueOrThrow({ where: { id: BigInt(PIPELINE) } });
    expect(pipeline).toMatchObject({ timingsFromGitlab: true, duration: 30, queuedDuration: 10 });
    expect(pipeline.startedAt?.toISOString()).toBe("2022-05-13T09:46:50.032Z");
    expect(pipeline.finishedAt?.toISOString()).toBe("2022-05-13T09:47:20.697Z");
  });

  it("ask nothing more once caught up: the pipeline list only", async () => {
    const before = gitlab.asked.length;
    const idle = await loop.runCycle();
    expect(idle.projects.map((p) => p.ok)).toEqual([true]);
    expect(gitlab.asked.slice(before).filter((p) => !p.endsWith("/deployments") && !p.endsWith("/environments") && !p.includes("repository"))).toEqual([
      `projects/${PROJECT}/pipelines`,
    ]);
  });
});
