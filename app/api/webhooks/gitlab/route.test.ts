import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { rowCounts } from "@/test/proof/row-counts";
import { handleGitlabWebhook } from "@/lib/web/webhooks/handler";
import { deploymentHookExample, realJobHook, realPipelineHook } from "@/test/proof/webhook-fixtures";
import { POST } from "./route";

/* The route as Next runs it, against a real database, with GitLab's documented payloads. */
const SECRET = "test-webhook-secret-0123456789";
let tdb: TestDatabase;

beforeAll(async () => {
  tdb = await createTestDatabase();
  process.env.DATABASE_URL = tdb.url;
  process.env.GITLAB_WEBHOOK_SECRET = SECRET;
  // Followed projects: 1 (the Pipeline Hook example) and 380 (the Job Hook example).
  await tdb.db.service.create({ data: { name: "server", projectRef: "gitlab-org/gitlab-test", gitlabProjectId: 1 } });
  await tdb.db.service.create({ data: { name: "ui", projectRef: "gitlab-org/other", gitlabProjectId: 380 } });
});

afterAll(async () => {
  delete process.env.DATABASE_URL;
  delete process.env.GITLAB_WEBHOOK_SECRET;
  await tdb.drop();
});

beforeEach(async () => {
  await tdb.db.$executeRaw`DELETE FROM webhook_event`;
});

function hook(event: string, body: BodyInit, headers: Record<string, string> = {}) {
  // Node needs `duplex` for a streamed body; TypeScript's RequestInit does not know it yet.
  const init: RequestInit & { duplex: "half" } = {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Gitlab-Event": event, "X-Gitlab-Token": SECRET, ...headers },
    body,
    duplex: "half",
  };
  return new Request("http://localhost/api/webhooks/gitlab", init);
}

const queued = () => tdb.db.webhookEvent.findMany({ orderBy: [{ kind: "asc" }, { objectId: "asc" }] });

describe("POST /api/webhooks/gitlab", () => {
  it("queues the pipeline of a Pipeline Hook and answers 202", async () => {
    const response = await POST(hook("Pipeline Hook", JSON.stringify(realPipelineHook())));
    expect(response.status).toBe(202);
    expect(await queued()).toEqual([expect.objectContaining({ kind: "pipeline", projectId: 1, objectId: 31n, processedAt: null })]);
  });

  it("queues the pipeline of a Job Hook and the deployments of a Deployment Hook", async () => {
    expect((await POST(hook("Job Hook", JSON.stringify(realJobHook())))).status).toBe(202);
    expect((await POST(hook("Deployment Hook", JSON.stringify(deploymentHookExample(1))))).status).toBe(202);
    expect((await queued()).map((e) => [e.kind, e.projectId, Number(e.objectId)])).toEqual([
      ["deployment", 1, 0],
      ["pipeline", 380, 2366],
    ]);
  });

  it("keeps one row per pipeline however often GitLab delivers", async () => {
    for (let i = 0; i < 3; i++) expect((await POST(hook("Pipeline Hook", JSON.stringify(realPipelineHook())))).status).toBe(202);
    expect(await queued()).toHaveLength(1);
  });

  it.each([
    ["a forged token", { "X-Gitlab-Token": "test-webhook-secret-012345678X" }],
    ["a token of another length", { "X-Gitlab-Token": "x" }],
    ["an empty token", { "X-Gitlab-Token": "" }],
  ])("answers 401 to %s and writes nothing", async (_label, headers) => {
    const before = await rowCounts(tdb.db);
    const response = await POST(hook("Pipeline Hook", JSON.stringify(realPipelineHook()), headers));
    expect(response.status).toBe(401);
    expect(await rowCounts(tdb.db)).toEqual(before);
  });

  it("answers 401 without a token", async () => {
    const request = new Request("http://localhost/api/webhooks/gitlab", { method: "POST", headers: { "X-Gitlab-Event": "Pipeline Hook" }, body: "{}" });
    expect((await POST(request)).status).toBe(401);
    expect(await queued()).toEqual([]);
  });

  it("answers 413 to a body over 1 MB, announced or streamed without a length", async () => {
    const big = JSON.stringify({ ...realPipelineHook(), padding: "x".repeat(1_100_000) });
    expect((await POST(hook("Pipeline Hook", big))).status).toBe(413);
    const bytes = new TextEncoder().encode(big);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 64 * 1024) controller.enqueue(bytes.slice(i, i + 64 * 1024));
        controller.close();
      },
    });
    expect((await POST(hook("Pipeline Hook", stream))).status).toBe(413);
    expect(await queued()).toEqual([]);
  });

  it.each([
    ["truncated JSON", '{"object_kind":"pipeline","object_attributes":{"id":'],
    ["another event's body", JSON.stringify(realJobHook())],
    ["a JSON array", "[]"],
    ["an id as a string", JSON.stringify({ ...realPipelineHook(), project: { id: "1", path_with_namespace: "a/b" } })],
  ])("answers 400 to %s", async (_label, body) => {
    const response = await POST(hook("Pipeline Hook", body));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: expect.any(String) });
    expect(await queued()).toEqual([]);
  });

  it("answers 400 to bytes that are not UTF-8", async () => {
    const response = await POST(hook("Pipeline Hook", new Uint8Array([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d])));
    expect(response.status).toBe(400);
  });

  it("ignores other events and projects no service follows (202, nothing written)", async () => {
    expect((await POST(hook("Push Hook", '{"object_kind":"push"}'))).status).toBe(202);
    const other = { ...realPipelineHook(), project: { id: 999, path_with_namespace: "x/y" } };
    const response = await POST(hook("Pipeline Hook", JSON.stringify(other)));
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ ignored: expect.stringContaining("999") });
    expect(await queued()).toEqual([]);
  });

  it("is off (404 with the reason) when no secret is configured", async () => {
    const response = await handleGitlabWebhook(hook("Pipeline Hook", JSON.stringify(realPipelineHook())), {
      secret: undefined,
      db: () => tdb.db,
      logger: pino({ level: "silent" }),
    });
    expect(response.status).toBe(404);
    expect(JSON.stringify(await response.json())).toContain("GITLAB_WEBHOOK_SECRET");
    expect(await queued()).toEqual([]);
  });
});
