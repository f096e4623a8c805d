import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STAGES } from "@/lib/domain/cwiq";
import { createGitlabClient } from "@/lib/upstream/gitlab/client";
import { startSimulator, type Simulator } from "./index";

/* CWIQ grown to many services: each one a project built from the same templates, read with Stageboard's own client. */
const ANCHOR = Date.parse("2026-03-02T12:00:00.000Z");
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ seed: 9, now: ANCHOR, historyDays: 2, pipelinesPerDay: 3, liveIntervalSeconds: 0, frozen: true, rateLimitPerMinute: 0, projectCount: 12 });
});
afterAll(() => sim.close());

describe("a simulated CWIQ of 12 services", () => {
  it("serves CWIQ's four and eight more, whose pipelines run the nine template stages", async () => {
    expect(sim.projects.map((p) => p.path_with_namespace).slice(0, 5)).toEqual(["cwiq/server", "cwiq/iam-api", "cwiq/ui", "cwiq/executor", "cwiq/billing-api"]);
    expect(new Set(sim.projects.map((p) => p.id)).size).toBe(12);
    const gitlab = createGitlabClient({ url: sim.url, token: sim.token, timeoutMs: 5_000 });
    const project = await gitlab.getProject("cwiq/billing-api");
    expect(project.id).toBe(105);
    const truth = sim.truth().projects.find((p) => p.project.id === 105);
    expect(truth?.pipelines.length).toBeGreaterThan(0);
    const stages = new Set(truth?.pipelines.flatMap((p) => p.jobs.map((j) => j.stage)));
    expect([...stages].sort()).toEqual([...STAGES].sort());
  });
});
