import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { deploymentHookSchema, jobHookSchema, pipelineHookSchema, type DeploymentHook } from "@/lib/upstream/gitlab/webhook-schemas";
import { startSimulator, type Simulator } from "..";
import { serveRoute } from "@/test/proof/route-server";
import { hookTime } from "./payloads";

/*
 * The simulator's Deployment Hooks, received over HTTP with a frozen clock stepped onto every deploy-dev
 * transition, each checked against what GET /projects/:id/deployments serves at that moment.
 */
const ANCHOR = Date.parse("2026-06-01T12:00:00.000Z");
const WINDOW_MS = 3 * 3_600_000;
/** Longest step: a pipeline created within it cannot reach its deploy-dev job before the step ends. */
const MAX_STEP_MS = 60_000;
/** GitLab's Deployment model runs hooks on entering these statuses (app/models/deployment.rb). */
const HOOKED = ["running", "success", "failed", "canceled"];

const servedDeployments = z.array(
  z.object({
    id: z.number(),
    sha: z.string(),
    status: z.string(),
    updated_at: z.string(),
    environment: z.object({ name: z.string(), slug: z.string(), external_url: z.string() }),
    deployable: z.object({ id: z.number(), name: z.string(), web_url: z.string(), commit: z.object({ title: z.string() }) }),
  }),
);

interface Received {
  event: string | undefined;
  body: unknown;
}

let sim: Simulator;
let receiver: { url: string; close(): Promise<void> };
let receiverUrl: string;
const received: Received[] = [];

beforeAll(async () => {
  sim = await startSimulator({ seed: 11, now: ANCHOR, historyDays: 1, pipelinesPerDay: 24, liveIntervalSeconds: 300, frozen: true, rateLimitPerMinute: 0 });
  receiver = await serveRoute(async (request) => {
    received.push({ event: request.headers.get("x-gitlab-event") ?? undefined, body: await request.json() });
    return new Response(null, { status: 200 });
  });
  receiverUrl = `${receiver.url}/hook`;
});

afterAll(async () => {
  await sim.close();
  await receiver.close();
});

async function deploymentsServed(projectId: number) {
  const response = await fetch(`${sim.url}/api/v4/projects/${projectId}/deployments?order_by=id&sort=desc&per_page=100`, { headers: { "PRIVATE-TOKEN": sim.token } });
  expect(response.status).toBe(200);
  return servedDeployments.parse(await response.json());
}

/** Times after `now` at which a deploy-dev job of the given pipelines changes, from the pipelines' plans. */
function upcomingDeployTransitions(pipelineIds: Iterable<number>, now: number): number[] {
  return [...pipelineIds]
    .flatMap((id) => sim.pipelinePlan(id)?.jobs ?? [])
    .filter((job) => job.name === "deploy-dev")
    .flatMap((job) => job.transitions.map((tr) => Date.parse(tr.at)))
    .filter((at) => at > now);
}

describe("simulated GitLab Deployment Hooks", () => {
  it("send one per deploy-dev status change, as the deployments API serves the deployment then", async () => {
    sim.webhooks.start(receiverUrl, "s3cret");
    const hooks: DeploymentHook[] = [];
    // The pipelines there are: those at the start, then those whose Pipeline Hooks arrive.
    const pipelineIds = new Set(sim.truth().projects.flatMap((p) => p.pipelines.map((pt) => pt.pipeline.id)));
    try {
      while (sim.clock.now() < ANCHOR + WINDOW_MS) {
        const now = sim.clock.now();
        const next = Math.min(now + MAX_STEP_MS, ANCHOR + WINDOW_MS, ...upcomingDeployTransitions(pipelineIds, now));
        sim.clock.advance(next - now);
        const from = received.length;
        expect((await sim.webhooks.flush()).failed).toBe(0);
        const flushed = received.slice(from);
        for (const r of flushed) {
          const pipeline = pipelineHookSchema.safeParse(r.body);
          if (r.event === "Pipeline Hook" && pipeline.success) pipelineIds.add(pipeline.data.object_attributes.id);
        }
        for (const [index, delivery] of flushed.entries()) {
          if (delivery.event !== "Deployment Hook") continue;
          const hook = deploymentHookSchema.parse(delivery.body);
          hooks.push(hook);
          const served = (await deploymentsServed(hook.project.id)).find((d) => d.id === hook.deployment_id);
          expect(served).toBeDefined();
          expect(served?.deployable.name).toBe("deploy-dev");
          expect(delivery.body).toMatchObject({
            status: served?.status,
            deployable_id: served?.deployable.id,
            environment: served?.environment.name,
            environment_slug: served?.environment.slug,
            environment_external_url: served?.environment.external_url,
            status_changed_at: hookTime(served?.updated_at ?? null),
            short_sha: served?.sha.slice(0, 8),
            deployable_url: served?.deployable.web_url,
            commit_title: served?.deployable.commit.title,
          });
          // In time order with the other hooks: after the Job Hook of the same change, in the same run.
          const jobHookBefore = flushed.slice(0, index).some((r) => {
            const job = jobHookSchema.safeParse(r.body);
            return r.event === "Job Hook" && job.success && job.data.build_id === hook.deployable_id && job.data.build_status === hook.status;
          });
          expect(jobHookBefore).toBe(true);
        }
      }
    } finally {
      await sim.webhooks.stop();
    }

    // Every deploy-dev job that changed in the window: its hooked statuses, in order, once each.
    const jobs = new Map<number, string[]>();
    for (const project of sim.truth().projects) {
      for (const pipeline of project.pipelines) {
        for (const job of sim.pipelinePlan(pipeline.pipeline.id)?.jobs ?? []) {
          if (job.name !== "deploy-dev" || job.id === 0) continue;
          const changes = job.transitions
            .filter((tr) => Date.parse(tr.at) > ANCHOR && Date.parse(tr.at) <= ANCHOR + WINDOW_MS && HOOKED.includes(tr.status))
            .map((tr) => tr.status);
          if (changes.length > 0) jobs.set(job.id, changes);
        }
      }
    }
    expect(jobs.size).toBeGreaterThan(1);
    expect([...jobs.values()].some((statuses) => statuses.includes("running") && statuses.some((s) => s !== "running"))).toBe(true);
    const sent = new Map<number, string[]>();
    for (const hook of hooks) sent.set(hook.deployable_id ?? 0, [...(sent.get(hook.deployable_id ?? 0) ?? []), hook.status]);
    expect(sent).toEqual(jobs);
  });
});
