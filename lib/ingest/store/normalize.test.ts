import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { jobListSchema, pipelineDetailSchema, pipelineListItemSchema } from "@/lib/upstream/gitlab/schemas";
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
