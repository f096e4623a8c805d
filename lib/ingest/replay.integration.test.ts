import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { getPipelinePage } from "@/lib/pages/pipelines/query";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { recorded, startRecordedGitlab, type RecordedGitlab } from "@/test/support/recorded-gitlab";
import { createSyncLoop, type SyncLoop } from "./loop";

/*
 * The sync against real GitLab answers nobody here wrote, served over HTTP as recorded (sources in
 * test/fixtures/real/SOURCES.md), one project each:
 * - GitLab's documentation examples of a gitlab.com merge request (!133) and its merged-results
 *   pipeline, the documented job list and full test report;
 * - a pipeline waiting on its manual jobs, and its manual jobs, as dev.gitlab.org (GitLab 12.6) answered
 *   GitLab's release tools;
 * - a gitlab.com pipeline just created (pending) and its first page of jobs, recorded the same way;
 * - GitLab's documented trigger job, which started another project's pipeline.
 */
const mr = z
  .object({ pipeline: z.object({ id: z.number() }).passthrough(), head_pipeline: z.object({ id: z.number() }).passthrough() })
  .passthrough()
  .parse(recorded("merge-request-single.doc-example.jsonc"));
const PROJECT = 15513260;
const PIPELINE = mr.pipeline.id;

const manualList = z.array(z.object({ id: z.number() }).passthrough()).parse(recorded("devgitlab-cng-pipelines-list-manual-139876.json"));
const MANUAL = manualList[0]?.id ?? 0;
// The recording asked by path (gitlab/charts/components/images); the project's id is this test's.
const MANUAL_PROJECT = 9001;

const pending = z.object({ id: z.number() }).passthrough().parse(recorded("gitlabcom-foss-pipeline-55053803-single-pending.json"));
const PENDING = pending.id;
// gitlab-org/gitlab-foss on gitlab.com.
const PENDING_PROJECT = 13083;

const bridges = z
  .array(z.object({ pipeline: z.object({ id: z.number(), project_id: z.number() }).passthrough() }).passthrough())
  .parse(recorded("pipeline-bridges-list.json"));
const parent = bridges[0]?.pipeline ?? { id: 0, project_id: 0 };
const TRIGGERING_PROJECT = parent.project_id;

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

    // Only its manual jobs were recorded (scope=manual): they stand for the pipeline's jobs.
    [`projects/${MANUAL_PROJECT}/pipelines`]: manualList,
    [`projects/${MANUAL_PROJECT}/pipelines/${MANUAL}/jobs`]: recorded("devgitlab-cng-pipeline-139876-jobs-scope-manual.json"),
    [`projects/${MANUAL_PROJECT}/pipelines/${MANUAL}/bridges`]: [],
    [`projects/${MANUAL_PROJECT}/deployments`]: [],
    [`projects/${MANUAL_PROJECT}/environments`]: [],

    // The single-pipeline answer stands for its list entry, as the merge request's pipeline does above.
    [`projects/${PENDING_PROJECT}/pipelines`]: [pending],
    [`projects/${PENDING_PROJECT}/pipelines/${PENDING}`]: pending,
    [`projects/${PENDING_PROJECT}/pipelines/${PENDING}/jobs`]: recorded("gitlabcom-foss-pipeline-55053803-jobs.json"),
    [`projects/${PENDING_PROJECT}/pipelines/${PENDING}/bridges`]: [],
    [`projects/${PENDING_PROJECT}/deployments`]: [],
    [`projects/${PENDING_PROJECT}/environments`]: [],

    // The trigger job's pipeline, as the trigger job reports it, stands for its list entry. The pipeline
    // it started is not this project's: GitLab answers 404 for it here.
    [`projects/${TRIGGERING_PROJECT}/pipelines`]: [parent],
    [`projects/${TRIGGERING_PROJECT}/pipelines/${parent.id}/jobs`]: recorded("pipeline-jobs-list.json"),
    [`projects/${TRIGGERING_PROJECT}/pipelines/${parent.id}/bridges`]: bridges,
    [`projects/${TRIGGERING_PROJECT}/deployments`]: [],
    [`projects/${TRIGGERING_PROJECT}/environments`]: [],
  });
  tdb = await createTestDatabase();
  // The project is known by id already, so only recorded answers are asked for.
  const services = [
    { name: "test-project", project: PROJECT },
    { name: "images", project: MANUAL_PROJECT },
    { name: "gitlab-foss", project: PENDING_PROJECT },
    { name: "foo-bar", project: TRIGGERING_PROJECT },
  ];
  for (const s of services) await tdb.db.service.create({ data: { name: s.name, projectRef: String(s.project), gitlabProjectId: s.project } });
  loop = createSyncLoop({
    db: tdb.db,
    databaseUrl: tdb.url,
    gitlab: { url: gitlab.url, token: "glpat-replay" },
    services: services.map((s) => ({ name: s.name, project: String(s.project) })),
    pollIntervalSeconds: 5,
    // The recorded pipelines ran from 2015 to 2022.
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
    expect(first.projects.map((p) => p.ok)).toEqual([true, true, true, true]);
    const pipeline = await tdb.db.pipeline.findUniqueOrThrow({ where: { id: BigInt(PIPELINE) } });
    expect(pipeline.refKind).toBe("MERGE_REQUEST");
    expect(pipeline.mergeRequestIid).toBe(133);
    expect(pipeline.ref).toBe("refs/merge-requests/133/merge");
    const request = await tdb.db.mergeRequest.findFirstOrThrow({ where: { iid: 133 } });
    expect(request).toMatchObject({ title: "Manual job rules", sourceBranch: "manual-job-rules", targetBranch: "main", state: "opened" });
    expect(request.webUrl).toBe("https://gitlab.com/marcel.amirault/test-project/-/merge_requests/133");
  });

  it("store GitLab's documented test report verbatim: its one case once, with the pipeline's counts", async () => {
    const cases = await tdb.db.testCase.findMany({ where: { service: { name: "test-project" } }, include: { failures: true } });
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({
      suite: "Secure",
      classname: "vulnerability_management_spec",
      name: "Security Reports can create an auto-remediation MR",
      file: null,
    });
    // execution_time 5 (seconds): 5,000 ms; a success carries no failure text.
    expect(await tdb.db.testResult.findMany({ where: { pipelineId: BigInt(PIPELINE) } })).toEqual([{ testCaseId: cases[0]?.id, pipelineId: BigInt(PIPELINE), status: 0, durationMs: 5000 }]);
    expect(cases[0]?.failures).toEqual([]);
    const pipeline = await tdb.db.pipeline.findUniqueOrThrow({ where: { id: BigInt(PIPELINE) } });
    expect(pipeline).toMatchObject({ testsTotal: 1, testsFailed: 0, testsSkipped: 0, testsErrored: 0, testReportError: null });
    expect(gitlab.asked.filter((p) => p.endsWith(`/pipelines/${PIPELINE}/test_report`))).toHaveLength(1);
  });

  it("keep GitLab's own timings of the completed pipeline, not ones derived from its jobs", async () => {
    // The list lacks them: the backfill read the pipeline on its own, once its pipelines were stored.
    expect(gitlab.asked.filter((p) => p.endsWith(`/pipelines/${PIPELINE}`))).toHaveLength(1);
    const pipeline = await tdb.db.pipeline.findUniqueOrThrow({ where: { id: BigInt(PIPELINE) } });
    expect(pipeline).toMatchObject({ timingsFromGitlab: true, duration: 30, queuedDuration: 10 });
    expect(pipeline.startedAt?.toISOString()).toBe("2022-05-13T09:46:50.032Z");
    expect(pipeline.finishedAt?.toISOString()).toBe("2022-05-13T09:47:20.697Z");
  });

  it("keep a pipeline that waits on its manual jobs unfinished: no finished_at, no timings, its jobs manual", async () => {
    const pipeline = await tdb.db.pipeline.findUniqueOrThrow({ where: { id: BigInt(MANUAL) }, include: { jobs: { orderBy: { id: "asc" } } } });
    // GitLab 12 lists no iid: the pipeline goes by its id, as GitLab then showed it.
    expect(pipeline).toMatchObject({ status: "manual", iid: MANUAL, refKind: "TAG", startedAt: null, finishedAt: null, duration: null, timingsFromGitlab: false });
    expect(pipeline.jobs.map((j) => [Number(j.id), j.stage, j.name, j.status, j.startedAt, j.finishedAt])).toEqual([
      [6201396, "release", "sync-images", "manual", null, null],
      [6201397, "release", "ubi-assets-release", "manual", null, null],
    ]);
    // A pipeline waiting on a person is not final: GitLab's own timings are not asked for.
    expect(gitlab.asked).not.toContain(`projects/${MANUAL_PROJECT}/pipelines/${MANUAL}`);
  });

  it("show a pipeline just created as GitLab has it: pending, nothing started, its jobs as listed", async () => {
    const pipeline = await tdb.db.pipeline.findUniqueOrThrow({ where: { id: BigInt(PENDING) }, include: { jobs: true } });
    expect(pipeline).toMatchObject({ status: "pending", ref: "master", startedAt: null, finishedAt: null, duration: null, queuedDuration: null });
    const byStatus = new Map<string, number>();
    for (const j of pipeline.jobs) byStatus.set(j.status, (byStatus.get(j.status) ?? 0) + 1);
    expect(Object.fromEntries(byStatus)).toEqual({ manual: 1, pending: 3, created: 16 });
    expect(pipeline.jobs.every((j) => j.startedAt === null)).toBe(true);
  });

  it("keep a trigger job that started another project's pipeline as a link, not as a pipeline of the service", async () => {
    const stored = await tdb.db.pipeline.findMany({ where: { service: { name: "foo-bar" } }, select: { id: true } });
    expect(stored.map((p) => Number(p.id))).toEqual([parent.id]);
    const bridge = await tdb.db.bridge.findUniqueOrThrow({ where: { id: 7n } });
    expect(bridge).toMatchObject({ pipelineId: BigInt(parent.id), name: "teaspoon", downstreamPipelineId: 5n, downstreamProjectId: null });
    expect(bridge.downstreamWebUrl).toBe("https://example.com/diaspora/diaspora-client/pipelines/5");
    // Asked for once as this project's; GitLab's 404 says it is another project's.
    expect(gitlab.asked.filter((p) => p === `projects/${TRIGGERING_PROJECT}/pipelines/5`)).toHaveLength(1);
    const page = await getPipelinePage(tdb.db, parent.id);
    const trigger = page?.stages.flatMap((s) => s.jobs).find((j) => j.trigger);
    expect(trigger?.downstream).toMatchObject({ id: 5, stored: false, child: false, status: "pending", stages: [] });
  });

  it("ask only for the lists once caught up, besides re-reading the pipelines under way", async () => {
    const before = gitlab.asked.length;
    const idle = await loop.runCycle();
    expect(idle.projects.map((p) => p.ok)).toEqual([true, true, true, true]);
    const asked = gitlab.asked.slice(before).filter((p) => !p.endsWith("/deployments") && !p.endsWith("/environments") && !p.includes("repository"));
    expect(asked.sort()).toEqual(
      [
        `projects/${PROJECT}/pipelines`,
        // Settled: a manual pipeline is read again only once its list entry moves.
        `projects/${MANUAL_PROJECT}/pipelines`,
        // Under way: re-read every cycle, so its stage cells move while it runs.
        `projects/${PENDING_PROJECT}/pipelines`,
        `projects/${PENDING_PROJECT}/pipelines/${PENDING}/jobs`,
        `projects/${PENDING_PROJECT}/pipelines/${PENDING}/bridges`,
        `projects/${TRIGGERING_PROJECT}/pipelines`,
        `projects/${TRIGGERING_PROJECT}/pipelines/${parent.id}/jobs`,
        `projects/${TRIGGERING_PROJECT}/pipelines/${parent.id}/bridges`,
        `projects/${TRIGGERING_PROJECT}/pipelines/5`,
      ].sort(),
    );
  });
});
