import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGitlabClient } from "@/lib/upstream/gitlab/client";
import { startSimulator, type GitLabJob, type Simulator } from "./index";

/*
 * The simulated Deployments, Environments and repository files APIs, read with Stageboard's own
 * GitLab client and with plain HTTP, checked against the pipelines' deploy-dev jobs.
 */
const ANCHOR = Date.parse("2026-03-02T12:00:00.000Z");
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ seed: 5, now: ANCHOR, historyDays: 3, pipelinesPerDay: 14, liveIntervalSeconds: 0, frozen: true, rateLimitPerMinute: 0 });
});
afterAll(() => sim.close());

async function raw(path: string) {
  const response = await fetch(`${sim.url}/api/v4/${path}`, { headers: { "PRIVATE-TOKEN": sim.token } });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

const client = () => createGitlabClient({ url: sim.url, token: sim.token, timeoutMs: 5_000 });

describe("simulated deployments", () => {
  it("has one deployment per deploy-dev job attempt, its status following the job", async () => {
    const gitlab = client();
    const since = new Date(ANCHOR - 10 * 86_400_000);
    const deployments = [];
    for (let page: number | null = 1; page !== null; ) {
      const listed = await gitlab.listDeployments(101, { environment: "dev", updatedAfter: since, page, perPage: 50 });
      deployments.push(...listed.deployments);
      page = listed.nextPage;
    }
    const truth = sim.truth().projects.find((p) => p.project.id === 101)!;
    const deployJobs: GitLabJob[] = truth.pipelines.flatMap((p) => p.jobs.filter((j) => j.name === "deploy-dev"));
    expect(deployments.length).toBe(deployJobs.length);
    const byJob = new Map(deployJobs.map((j) => [j.id, j]));
    for (const d of deployments) {
      const job = byJob.get(d.deployable!.id)!;
      expect(d.deployable?.pipeline?.id).toBe(job.pipeline.id);
      expect(d.sha).toBe(job.pipeline.sha);
      expect(d.environment.name).toBe("dev");
      const expected = ["success", "failed", "canceled", "skipped", "running"].includes(job.status) ? job.status : "created";
      expect(d.status).toBe(expected);
    }
    // Ascending by updated_at, as the paired filter and sort ask.
    const updated = deployments.map((d) => d.updated_at);
    expect(updated).toEqual([...updated].sort());
    expect(new Set(deployments.map((d) => d.id)).size).toBe(deployments.length);
  });

  it("filters by updated_after inclusively and refuses it without updated_at ordering", async () => {
    const all = JSON.parse((await raw("projects/102/deployments?environment=dev&per_page=100&order_by=updated_at&sort=asc&updated_after=2020-01-01T00:00:00Z")).text) as Array<{ updated_at: string }>;
    const pivot = all[Math.floor(all.length / 2)]!.updated_at;
    const after = JSON.parse((await raw(`projects/102/deployments?per_page=100&order_by=updated_at&updated_after=${pivot}`)).text) as Array<{ updated_at: string }>;
    expect(after.length).toBe(all.filter((d) => d.updated_at >= pivot).length);
    const refused = await raw(`projects/102/deployments?updated_after=${pivot}`);
    expect(refused.status).toBe(400);
    expect((await raw("projects/102/deployments?environment=production")).text).toBe("[]");
  });

  it("lists the dev environment with its last deployment", async () => {
    const environments = await client().listEnvironments(103);
    expect(environments).toEqual([expect.objectContaining({ name: "dev", state: "available", external_url: "https://ui.dev.cwiq.example" })]);
    const body = JSON.parse((await raw("projects/103/environments")).text) as Array<{ last_deployment: { status: string; deployable: { name: string } } | null }>;
    expect(body[0]?.last_deployment?.deployable.name).toBe("deploy-dev");
  });
});

describe("simulated repository files", () => {
  it("serves each project's .gitlab-ci.yml as base64 JSON and raw, executor drifting", async () => {
    const file = await client().getRepositoryFile(103, ".gitlab-ci.yml", "main");
    expect(file.file_path).toBe(".gitlab-ci.yml");
    expect(file.text).toContain("'/templates/.gitlab-ci-node.yml'");
    expect(file.text).toMatch(/ref: 'v\d+\.\d+\.\d+'/);
    const rawText = await raw("projects/104/repository/files/%2Egitlab-ci%2Eyml/raw?ref=main");
    expect(rawText.status).toBe(200);
    expect(rawText.headers.get("content-type")).toContain("text/plain");
    expect(rawText.text).toContain("ref: 'main'");
    expect(rawText.text).not.toContain("gitlab-ci-scan.yml");
  });

  it("answers GitLab's errors for a missing ref, file or commit", async () => {
    expect((await raw("projects/101/repository/files/.gitlab-ci.yml")).status).toBe(400);
    expect((await raw("projects/101/repository/files/README.md?ref=main")).status).toBe(404);
    expect((await raw("projects/101/repository/files/.gitlab-ci.yml?ref=no-such-branch")).status).toBe(404);
  });
});
