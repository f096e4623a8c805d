import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deploymentHookSchema, jobHookSchema, pipelineHookSchema } from "@/lib/upstream/gitlab/webhook-schemas";
import { startSimulator, type Simulator } from "..";
import { serveRoute } from "@/test/proof/route-server";
import { hookTime } from "./payloads";

/* The simulator's webhooks, driven through its control endpoints, received by a plain HTTP server (test/proof/route-server.ts). */
const ANCHOR = Date.parse("2026-06-01T12:00:00.000Z");
interface Received {
  event: string | undefined;
  token: string | undefined;
  contentType: string | undefined;
  body: unknown;
}

let sim: Simulator;
let receiver: { url: string; close(): Promise<void> };
let receiverUrl: string;
const received: Received[] = [];

beforeAll(async () => {
  sim = await startSimulator({ seed: 3, now: ANCHOR, historyDays: 1, pipelinesPerDay: 4, liveIntervalSeconds: 300, frozen: true, rateLimitPerMinute: 0 });
  receiver = await serveRoute(async (request) => {
    const header = (name: string) => request.headers.get(name) ?? undefined;
    received.push({ event: header("x-gitlab-event"), token: header("x-gitlab-token"), contentType: header("content-type"), body: await request.json() });
    return new Response(null, { status: 200 });
  });
  receiverUrl = `${receiver.url}/hook`;
});

afterAll(async () => {
  await sim.close();
  await receiver.close();
});

const control = (method: string, path: string) => fetch(`${sim.url}/__sim/${path}`, { method });

describe("simulated GitLab webhooks", () => {
  it("send nothing for what happened before they were started", async () => {
    const start = await control("POST", `webhooks?url=${encodeURIComponent(receiverUrl)}&secret=s3cret`);
    expect(start.status).toBe(200);
    const flushed = await (await control("POST", "webhooks/flush")).json();
    expect(flushed).toEqual({ sent: 0, failed: 0 });
  });

  it("send a Pipeline Hook per pipeline transition and a Job Hook per job transition, in GitLab's shapes", async () => {
    await control("POST", "advance?seconds=1800");
    const flushed: unknown = await (await control("POST", "webhooks/flush")).json();
    expect(flushed).toEqual({ sent: received.length, failed: 0 });
    expect(received.every((r) => r.token === "s3cret" && r.contentType === "application/json")).toBe(true);

    const pipelines = received.filter((r) => r.event === "Pipeline Hook").map((r) => pipelineHookSchema.parse(r.body));
    const jobs = received.filter((r) => r.event === "Job Hook").map((r) => jobHookSchema.parse(r.body));
    expect(pipelines.length).toBeGreaterThan(0);
    expect(jobs.length).toBeGreaterThan(pipelines.length);
    const deployments = received.filter((r) => r.event === "Deployment Hook").map((r) => deploymentHookSchema.parse(r.body));
    expect(pipelines.length + jobs.length + deployments.length).toBe(received.length);

    // Against the plan: every transition in the window, once.
    const windowStart = ANCHOR;
    const windowEnd = ANCHOR + 1_800_000;
    for (const id of new Set(pipelines.map((p) => p.object_attributes.id))) {
      const plan = sim.pipelinePlan(id);
      const expected = plan?.transitions.filter((t) => Date.parse(t.at) > windowStart && Date.parse(t.at) <= windowEnd) ?? [];
      const sent = pipelines.filter((p) => p.object_attributes.id === id).map((p) => p.object_attributes.status);
      expect(sent).toEqual(expected.map((t) => t.status));
      expect(pipelines.find((p) => p.object_attributes.id === id)?.object_attributes.created_at).toBe(hookTime(plan?.createdAt ?? null));
    }
  });

  it("stop sending when stopped", async () => {
    const count = received.length;
    expect((await control("DELETE", "webhooks")).status).toBe(200);
    await control("POST", "advance?seconds=1800");
    await control("POST", "webhooks/flush");
    expect(received.length).toBe(count);
  });
});
