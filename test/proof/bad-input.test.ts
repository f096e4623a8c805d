import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "../../app/api/webhooks/gitlab/route";
import { realPipelineHook } from "./webhook-fixtures";
import { createTestDatabase, type TestDatabase } from "../db";
import { hostileCases } from "./hostile-inputs";
import { rowCounts, webhookQueueState } from "./row-counts";

/* At least 50 hostile requests against the route handlers, on a real database: each a 4xx, nothing written. */
const SECRET = "bad-input-webhook-secret-7f3a";
let tdb: TestDatabase;

beforeAll(async () => {
  tdb = await createTestDatabase();
  process.env.DATABASE_URL = tdb.url;
  process.env.GITLAB_WEBHOOK_SECRET = SECRET;
  // A followed project 1 (the one GitLab's example payloads name) with one pipeline, so a forged
  // delivery would have somewhere to go.
  const service = await tdb.db.service.create({ data: { name: "server", projectRef: "gitlab-org/gitlab-test", gitlabProjectId: 1 } });
  const at = new Date();
  await tdb.db.pipeline.create({
    data: { id: 31n, iid: 3, serviceId: service.id, ref: "main", refKind: "MAIN", sha: "b".repeat(40), source: "push", status: "success", createdAt: at, updatedAt: at, webUrl: "http://gitlab.test/p/31" },
  });
});

afterAll(async () => {
  delete process.env.DATABASE_URL;
  delete process.env.GITLAB_WEBHOOK_SECRET;
  await tdb.drop();
});

describe("hostile input", () => {
  const cases = hostileCases(SECRET);

  it("tries at least 50 kinds", () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it("answers every one with a 4xx and writes nothing", async () => {
    const before = { rows: await rowCounts(tdb.db), queue: await webhookQueueState(tdb.db) };
    const accepted: string[] = [];
    for (const hostile of cases) {
      const response = await hostile.send();
      await response.body?.cancel();
      if (response.status < 400 || response.status >= 500) accepted.push(`${hostile.name}: HTTP ${response.status}`);
    }
    expect(accepted).toEqual([]);
    expect({ rows: await rowCounts(tdb.db), queue: await webhookQueueState(tdb.db) }).toEqual(before);
  });
});

describe("a genuine delivery, for contrast", () => {
  it("is accepted and queued, so the refusals above are about the input", async () => {
    const response = await POST(
      new Request("http://localhost/api/webhooks/gitlab", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Gitlab-Event": "Pipeline Hook", "X-Gitlab-Token": SECRET },
        body: JSON.stringify(realPipelineHook()),
      }),
    );
    expect(response.status).toBe(202);
    expect(await tdb.db.webhookEvent.count()).toBe(1);
  });
});
