import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bridgeListSchema, jobListSchema, pipelineDetailSchema, pipelineListItemSchema, type GitlabBridge } from "@/lib/upstream/gitlab/schemas";
import { normalizePipeline } from "./normalize";

/* GitLab's documented answers (test/fixtures/real/SOURCES.md), taken in as the sync takes them. */
const real = (name: string): unknown => JSON.parse(readFileSync(path.join("test/fixtures/real/gitlab-api", name), "utf8"));
const single = pipelineDetailSchema.parse(real("pipeline-single.json"));
const jobs = jobListSchema.parse(real("pipeline-jobs-list.json"));
const now = new Date("2026-01-01T00:00:00.000Z");

describe("a pipeline's timings", () => {
  it("are GitLab's own when the pipeline was read on its own and has completed", () => {
    const { pipeline } = normalizePipeline(1, single, jobs, now);
    expect(pipeline.timingsFromGitlab).toBe(true);
    expect(pipeline.startedAt?.toISOString()).toBe("2022-09-21T01:05:14.197Z");
    expect(pipeline.finishedAt?.toISOString()).toBe("2022-09-21T01:05:50.175Z");
    expect(pipeline.duration).toBe(34);
    expect(pipeline.queuedDuration).toBe(6);
  });

  it("are derived from the jobs, and marked so, while only the list entry is known", () => {
    const listed = pipelineListItemSchema.parse(real("pipeline-single.json"));
    const { pipeline } = normalizePipeline(1, listed, jobs, now);
    expect(pipeline.timingsFromGitlab).toBe(false);
    // The documented jobs ran in 2015, long before this pipeline's own 2022 timings.
    expect(pipeline.startedAt?.toISOString()).toBe("2015-12-24T17:54:24.729Z");
    expect(pipeline.finishedAt?.toISOString()).toBe("2015-12-24T17:54:27.895Z");
  });

  it.each(["manual", "blocked", "scheduled", "waiting_for_resource", "preparing", "created", "canceling", "running"])(
    "leave finished_at empty for a %s pipeline, whose jobs may have finished",
    (status) => {
      const { pipeline } = normalizePipeline(1, { ...pipelineListItemSchema.parse(real("pipeline-single.json")), status }, jobs, now);
      expect(pipeline.finishedAt).toBeNull();
      expect(pipeline.timingsFromGitlab).toBe(false);
    },
  );

  it("do not take GitLab's answer for a pipeline that has not completed", () => {
    const { pipeline } = normalizePipeline(1, { ...single, status: "manual", finished_at: null }, jobs, now);
    expect(pipeline.timingsFromGitlab).toBe(false);
    expect(pipeline.finishedAt).toBeNull();
  });
});

describe("a pipeline's trigger jobs", () => {
  const bridges = bridgeListSchema.parse(real("pipeline-bridges-list.json"));
  const passed = jobs.map((j) => ({ ...j, status: "success", failure_reason: null }));
  // The documented trigger job shares its name and id with a documented job: these get their own.
  const bridge = (overrides: Partial<GitlabBridge>): GitlabBridge => ({ ...bridges[0]!, id: 70, name: "e2e", ...overrides });

  it("are stored apart from the jobs, with the pipeline each started", () => {
    const snapshot = normalizePipeline(1, single, jobs, now, { bridges, parentPipelineId: null });
    expect(snapshot.jobs.map((j) => j.id)).toEqual([6, 7]);
    expect(snapshot.bridges).toEqual([
      {
        id: 7,
        pipelineId: single.id,
        stage: "test",
        name: "teaspoon",
        status: "pending",
        allowFailure: false,
        retried: false,
        createdAt: new Date("2015-12-24T15:51:21.802Z"),
        startedAt: new Date("2015-12-24T17:54:27.722Z"),
        finishedAt: new Date("2015-12-24T17:58:27.895Z"),
        duration: 240,
        queuedDuration: 0.123,
        webUrl: "https://example.com/foo/bar/-/jobs/7",
        downstreamPipelineId: 5,
        downstreamProjectId: null,
        downstreamStatus: "pending",
        downstreamWebUrl: "https://example.com/diaspora/diaspora-client/pipelines/5",
      },
    ]);
    expect(snapshot.pipeline.parentPipelineId).toBeNull();
  });

  it("fold the outcome of the pipeline they started into their stage, as GitLab's graph does", () => {
    const stage = (b: GitlabBridge) => normalizePipeline(1, single, passed, now, { bridges: [b], parentPipelineId: null }).stages.find((s) => s.stage === b.stage)?.status;
    expect(stage(bridge({ status: "success" }))).toBe("success");
    // The jobs of the stage passed; its child pipeline failed, so its trigger job did.
    expect(stage(bridge({ status: "failed" }))).toBe("failed");
    expect(stage(bridge({ status: "failed", allow_failure: true }))).toBe("failed_allowed");
    expect(stage(bridge({ status: "running" }))).toBe("running");
    // A stage of its own when the trigger job is alone in it.
    expect(stage(bridge({ stage: "e2e", status: "canceled" }))).toBe("canceled");
  });

  it("count in the timings derived from the jobs while GitLab's own are not read", () => {
    const listed = pipelineListItemSchema.parse(real("pipeline-single.json"));
    const { pipeline } = normalizePipeline(1, listed, passed, now, { bridges: [bridge({ status: "success" })], parentPipelineId: null });
    expect(pipeline.finishedAt?.toISOString()).toBe("2015-12-24T17:58:27.895Z");
  });

  it("tell a retried trigger job from its latest attempt", () => {
    const retriedOnce = [bridge({ id: 70, status: "failed" }), bridge({ id: 90, status: "success" })];
    const { bridges: rows, stages } = normalizePipeline(1, single, passed, now, { bridges: retriedOnce, parentPipelineId: null });
    expect(rows.map((b) => [b.id, b.retried])).toEqual([
      [70, true],
      [90, false],
    ]);
    expect(stages.find((s) => s.stage === "test")?.status).toBe("success");
  });

  it("link a child pipeline to the parent whose trigger job started it", () => {
    const child = { ...single, source: "parent_pipeline" };
    expect(normalizePipeline(1, child, jobs, now, { bridges: [], parentPipelineId: 41 }).pipeline.parentPipelineId).toBe(41);
  });
});
