import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SERVICES } from "@/lib/platform/config";
import { startSimulator, type GitLabJob, type GitLabPipelineListItem, type Simulator } from "@/simulator";
import { createSyncLoop, type SyncLoop } from "@/lib/ingest/loop";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { simulatedSyncOptions } from "@/test/support/simulated-sync";
import { getDeliveryFigures, getDeploymentsBoard } from "./query";
import type { DeliveryFigures, DeploymentsBoard } from "./types";

/*
 * The page's queries over a database filled by the real sync from the simulated GitLab. Expected
 * values come from the simulator's own API, read here directly over HTTP.
 */
const ANCHOR = Date.parse("2026-06-01T12:00:00.000Z");
const DAY = 86_400_000;
const PROJECT_IDS: Record<string, number> = { server: 101, "iam-api": 102, ui: 103, executor: 104 };

interface SimDeployment {
  id: number;
  status: string;
  sha: string;
  created_at: string;
  finished_at: string | null;
  deployable: { id: number; created_at: string; allow_failure: boolean; pipeline: { id: number } };
}

let sim: Simulator;
let tdb: TestDatabase;
let loop: SyncLoop;
let board: DeploymentsBoard;
let figures: DeliveryFigures;
let now: Date;

async function get<T>(path: string): Promise<T> {
  const response = await fetch(`${sim.url}/api/v4/${path}`, { headers: { "PRIVATE-TOKEN": sim.token } });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

async function all<T>(path: string): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page++) {
    const batch = await get<T[]>(`${path}${path.includes("?") ? "&" : "?"}per_page=100&page=${page}`);
    items.push(...batch);
    if (batch.length < 100) return items;
  }
}

const jobsOf = (project: number, pipeline: number) => get<GitLabJob[]>(`projects/${project}/pipelines/${pipeline}/jobs?include_retried=true&per_page=100`);

beforeAll(async () => {
  sim = await startSimulator({ seed: 42, now: ANCHOR, historyDays: 12, pipelinesPerDay: 16, liveIntervalSeconds: 0, frozen: true, rateLimitPerMinute: 0 });
  // Late events (re-run deploys, retried builds) lie up to three days after their pipeline.
  sim.clock.advance(4 * DAY);
  now = new Date(sim.clock.now());
  tdb = await createTestDatabase();
  loop = createSyncLoop(simulatedSyncOptions(sim, tdb, { backfillDays: 30, requestTimeoutMs: 5_000 }));
  // The backfill first, then the cycle that brings deployments and rule checks.
  for (let i = 0; i < 2; i++) {
    const cycle = await loop.runCycle();
    expect(cycle.projects.every((p) => p.ok)).toBe(true);
  }
  board = await getDeploymentsBoard(tdb.db, { days: 30, now, serviceOrder: DEFAULT_SERVICES });
  figures = await getDeliveryFigures(tdb.db, { days: 30, now, serviceOrder: DEFAULT_SERVICES });
}, 300_000);

afterAll(async () => {
  await loop?.stop();
  await sim?.close();
  await tdb?.drop();
});

describe("deployments board from the simulated GitLab", () => {
  it("shows what runs on dev for each of the four services, with its verify outcome", async () => {
    expect(board.services.map((c) => c.service)).toEqual([...DEFAULT_SERVICES]);
    for (const card of board.services) {
      const project = PROJECT_IDS[card.service]!;
      const [latest] = await get<SimDeployment[]>(`projects/${project}/deployments?environment=dev&status=success&order_by=created_at&sort=desc&per_page=1`);
      expect(card.current?.id).toBe(latest!.id);
      expect(card.current?.sha).toBe(latest!.sha);
      expect(card.current?.pipelineId).toBe(latest!.deployable.pipeline.id);
      const jobs = await jobsOf(project, latest!.deployable.pipeline.id);
      const verify = jobs
        .filter((j) => j.name === "verify-dev" && j.created_at >= latest!.deployable.created_at)
        .sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id - b.id)[0];
      expect(card.current?.verify.status ?? null).toBe(verify?.status ?? null);
      expect(card.previous.length).toBeGreaterThan(0);
      if (card.current?.verify.status === "failed") expect(card.attention.join(" ")).toContain("verify-dev failed");
    }
  });

  it("counts deployment frequency per pipeline, never allow_failure ones, and sums services to the total", async () => {
    const from = now.getTime() - 30 * DAY;
    let expected = 0;
    for (const card of board.services) {
      const list = await all<SimDeployment>(`projects/${PROJECT_IDS[card.service]}/deployments?environment=dev&status=success`);
      const first = new Map<number, number>();
      for (const d of list.filter((x) => !x.deployable.allow_failure && x.finished_at)) {
        const at = Date.parse(d.finished_at!);
        const pipeline = d.deployable.pipeline.id;
        first.set(pipeline, Math.min(first.get(pipeline) ?? Infinity, at));
      }
      const count = [...first.values()].filter((at) => at >= from && at <= now.getTime()).length;
      expect(figures.services.find((s) => s.service === card.service)?.figures.deployments).toBe(count);
      expected += count;
    }
    expect(expected).toBeGreaterThan(20);
    expect(figures.overall.deployments).toBe(expected);
    expect(figures.overall.changeFailure.total).toBe(expected);
    expect(figures.overall.perDay).toBeCloseTo(expected / 30, 10);
    expect(figures.overall.changeFailure.failed).toBeGreaterThan(0); // the history has failed verifies
    expect(figures.overall.timeToRestore.incidents).toBeGreaterThan(0);
    expect(figures.overall.leadTime.median).not.toBeNull();
  });

  it("flags the retried builds and the deploys of older pipelines the history contains", async () => {
    const rebuilt: number[] = [];
    const redeployed: number[] = [];
    for (const project of Object.values(PROJECT_IDS)) {
      const mains = await all<GitLabPipelineListItem>(`projects/${project}/pipelines?ref=main&updated_after=${new Date(now.getTime() - 30 * DAY).toISOString()}`);
      for (const p of mains) {
        const jobs = await jobsOf(project, p.id);
        const builds = jobs.filter((j) => j.name === "build-push" && j.status === "success");
        const deploys = jobs.filter((j) => j.name === "deploy-dev");
        const lastBuild = builds.sort((a, b) => a.finished_at!.localeCompare(b.finished_at!)).at(-1);
        if (builds.length > 1 && deploys.some((d) => d.started_at && d.started_at < lastBuild!.finished_at!)) rebuilt.push(p.id);
        if (deploys.length > 1 && deploys.slice(1).some((d) => d.status === "success")) redeployed.push(p.id);
      }
    }
    expect(rebuilt.length).toBeGreaterThan(0);
    expect(redeployed.length).toBeGreaterThan(0);
    const flagged = (rule: string) => new Set(board.integrity.items.filter((r) => r.rule === rule).map((r) => r.pipelineId));
    expect(flagged("earlier-build")).toEqual(new Set(rebuilt));
    for (const id of redeployed) expect(flagged("older-pipeline").has(id)).toBe(true);
  });

  it("lists the rule-breaking pipelines and the drifting .gitlab-ci.yml with the rule named", async () => {
    const executor = board.compliance.items.filter((r) => r.service === "executor" && r.rule === "ci-templates").map((r) => r.detail);
    expect(executor).toEqual(["missing template .gitlab-ci-scan.yml", "the templates include pins ref 'main', not a version tag"]);
    expect(board.compliance.rules.find((r) => r.rule === "ci-templates")?.byService).toEqual({ executor: 2 });
    expect(board.compliance.items.some((r) => r.rule === "ci-templates" && r.service !== "executor")).toBe(false);
    expect(board.services.find((c) => c.service === "ui")?.ciConfig?.templates).toContain("/templates/.gitlab-ci-node.yml");

    const expected = new Set<string>();
    for (const project of Object.values(PROJECT_IDS)) {
      const pipelines = await all<GitLabPipelineListItem>(`projects/${project}/pipelines?updated_after=${new Date(now.getTime() - 31 * DAY).toISOString()}`);
      // The branch rules are the templates' for a service's own pipelines, not for the child pipelines GitLab lists with them.
      for (const p of pipelines.filter((x) => Date.parse(x.created_at) >= now.getTime() - 30 * DAY && x.source !== "parent_pipeline")) {
        const jobs = await jobsOf(project, p.id);
        const isTag = /^v\d/.test(p.ref);
        if (p.ref === "main" && !jobs.some((j) => j.stage === "scan")) expected.add(`${p.id}:main-without-scan`);
        if (isTag && !jobs.some((j) => j.stage === "release")) expected.add(`${p.id}:tag-without-release`);
        const branch = p.ref !== "main" && !isTag;
        if (branch && jobs.some((j) => j.stage === "push" && ["success", "failed", "running"].includes(j.status))) expected.add(`${p.id}:branch-ran-push`);
        if (branch && jobs.some((j) => j.name === "deploy-dev" && !j.allow_failure && ["success", "failed", "running"].includes(j.status))) {
          expected.add(`${p.id}:branch-deploy-not-manual`);
        }
      }
    }
    expect(expected.size).toBeGreaterThan(0);
    const listed = new Set(board.compliance.items.filter((r) => r.pipelineId !== null).map((r) => `${r.pipelineId}:${r.rule}`));
    expect(listed).toEqual(expected);
    // Counted once each, per rule and service.
    expect(board.compliance.total).toBe(board.compliance.items.length);
    expect(board.compliance.rules.reduce((sum, r) => sum + r.total, 0)).toBe(board.compliance.total);
  });

  it("lists v* tag pipelines with their release job", async () => {
    expect(board.releases.length).toBeGreaterThan(0);
    for (const release of board.releases.slice(0, 5)) {
      expect(release.ref).toMatch(/^v\d+\.\d+\.\d+$/);
      const project = PROJECT_IDS[release.service]!;
      const job = (await jobsOf(project, release.pipelineId)).filter((j) => j.name === "release").sort((a, b) => b.id - a.id)[0];
      expect(release.release.status).toBe(job?.status ?? null);
    }
  });

  it("answers figures for every period with a band, nested periods counting no fewer deployments", async () => {
    const counts: number[] = [];
    for (const days of [7, 30, 90] as const) {
      const f = await getDeliveryFigures(tdb.db, { days, now });
      expect(f.periodDays).toBe(days);
      expect(["elite", "high", "medium", "low"]).toContain(f.overall.frequencyBand);
      counts.push(f.overall.deployments);
    }
    expect(counts[0]).toBeLessThan(counts[1]!);
    expect(counts[1]).toBe(figures.overall.deployments);
    // The history is 12 days long: 90 days hold exactly what 30 hold.
    expect(counts[2]).toBe(counts[1]);
  });
});
