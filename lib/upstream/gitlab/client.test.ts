import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createGitlabClient } from "./client";
import { UpstreamError } from "../transport";

/*
 * A scripted HTTP server stands in for GitLab's failure modes, one answer per request,
 * so each retry rule is exercised over a real socket.
 */
type Step = (res: http.ServerResponse, req: http.IncomingMessage) => void;

const pipeline = {
  id: 7,
  iid: 1,
  project_id: 101,
  sha: "a".repeat(40),
  ref: "main",
  status: "success",
  source: "push",
  created_at: "2026-11-01T10:00:00.000Z",
  updated_at: "2026-11-01T10:10:00.000Z",
  web_url: "http://gitlab.test/cwiq/server/-/pipelines/7",
};

const json = (body: unknown, headers: Record<string, string> = {}): Step => (res) => {
  res.writeHead(200, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
};
const status = (code: number, body = "", headers: Record<string, string> = {}): Step => (res) => {
  res.writeHead(code, headers);
  res.end(body);
};

let server: http.Server | undefined;
const seen: { url: string; token: string | undefined; at: number }[] = [];

async function scripted(steps: Step[]) {
  seen.length = 0;
  let i = 0;
  server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? "", token: req.headers["private-token"] as string | undefined, at: Date.now() });
    const step = steps[Math.min(i++, steps.length - 1)]!;
    step(res, req);
  });
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return createGitlabClient({
    url: `http://127.0.0.1:${port}`,
    token: "glpat-test",
    timeoutMs: 300,
    retry: { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 4, maxRateLimitAttempts: 4 },
  });
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  server = undefined;
});

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

describe("GitLab client", () => {
  it("sends the token and parses a page with X-Next-Page but no totals (above 10,000 records)", async () => {
    const gitlab = await scripted([json([pipeline], { "x-next-page": "3", "x-page": "2", "x-per-page": "1" })]);
    const page = await gitlab.listPipelines(101, { page: 2, updatedAfter: new Date("2026-11-01T00:00:00Z") });
    expect(page).toEqual({ pipelines: [{ ...pipeline, name: null }], nextPage: 3, total: null });
    expect(seen[0]?.token).toBe("glpat-test");
    expect(seen[0]?.url).toContain("order_by=updated_at");
    expect(seen[0]?.url).toContain("sort=asc");
    expect(seen[0]?.url).toContain("updated_after=2026-11-01T00%3A00%3A00.000Z");
  });

  it("reports a rejected token at once, without retrying", async () => {
    const gitlab = await scripted([status(401, '{"message":"401 Unauthorized"}', { "content-type": "application/json" })]);
    const error = await failure(gitlab.getProject("cwiq/server"));
    expect(error.kind).toBe("auth");
    expect(error.message).toContain("GitLab rejected the token");
    expect(seen).toHaveLength(1);
  });

  it("treats 403 as a rejected token too", async () => {
    const gitlab = await scripted([status(403, '{"message":"403 Forbidden"}')]);
    expect((await failure(gitlab.getProject(101))).kind).toBe("auth");
  });

  it("retries 5xx answers with backoff until one succeeds", async () => {
    const gitlab = await scripted([status(502, "<html>bad gateway</html>"), status(503), json([pipeline])]);
    const page = await gitlab.listPipelines(101);
    expect(page.pipelines).toHaveLength(1);
    expect(seen).toHaveLength(3);
  });

  it("gives up on a lasting 5xx after the configured attempts", async () => {
    const gitlab = await scripted([status(500)]);
    const error = await failure(gitlab.listPipelines(101));
    expect(error.kind).toBe("upstream");
    expect(seen).toHaveLength(4);
  });

  it("waits for a 429 with a plain-text body and no rate-limit headers, then retries", async () => {
    const gitlab = await scripted([status(429, "Retry later\n", { "content-type": "text/plain" }), json([pipeline])]);
    expect((await gitlab.listPipelines(101)).pipelines).toHaveLength(1);
    expect(seen).toHaveLength(2);
  });

  it("honours Retry-After before the next request", async () => {
    const gitlab = await scripted([status(429, "Retry later", { "retry-after": "1" }), json([pipeline])]);
    await gitlab.listPipelines(101);
    expect(seen).toHaveLength(2);
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it("retries a body that is not valid JSON", async () => {
    const gitlab = await scripted([
      (res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end('[{"id": 7, "iid"');
      },
      json([pipeline]),
    ]);
    expect((await gitlab.listPipelines(101)).pipelines[0]?.id).toBe(7);
  });

  it("retries after a request times out", async () => {
    const gitlab = await scripted([() => {/* never answers */}, json([pipeline])]);
    expect((await gitlab.listPipelines(101)).pipelines).toHaveLength(1);
    expect(seen).toHaveLength(2);
  });

  it("retries a dropped connection", async () => {
    const gitlab = await scripted([(_res, req) => req.socket.destroy(), json([pipeline])]);
    expect((await gitlab.listPipelines(101)).pipelines).toHaveLength(1);
  });

  it("rejects an answer of the wrong shape with the field named", async () => {
    const gitlab = await scripted([json([{ ...pipeline, updated_at: "yesterday" }])]);
    const error = await failure(gitlab.listPipelines(101));
    expect(error.kind).toBe("invalid_response");
    expect(error.message).toContain("0.updated_at");
  });

  it("follows X-Next-Page through every page of a pipeline's jobs", async () => {
    const job = (id: number) => ({
      id,
      name: `job-${id}`,
      stage: "test",
      status: "success",
      allow_failure: false,
      created_at: "2026-11-01T10:00:00.000Z",
      started_at: null,
      finished_at: null,
      duration: null,
      queued_duration: null,
      coverage: null,
      web_url: `http://gitlab.test/-/jobs/${id}`,
    });
    const gitlab = await scripted([json([job(1), job(2)], { "x-next-page": "2" }), json([job(3)], { "x-next-page": "" })]);
    const jobs = await gitlab.listPipelineJobs(101, 7);
    expect(jobs.map((j) => j.id)).toEqual([1, 2, 3]);
    expect(seen[0]?.url).toContain("include_retried=true");
  });

  it("reads a pipeline's trigger jobs as GitLab documents them, through every page of the Link header", async () => {
    const documented: unknown = JSON.parse(readFileSync("test/fixtures/real/gitlab-api/pipeline-bridges-list.json", "utf8"));
    const gitlab = await scripted([
      (res, req) => {
        const next = `http://${req.headers.host}/api/v4/projects/1/pipelines/6/bridges?page=2&per_page=1`;
        res.writeHead(200, { "content-type": "application/json", link: `<${next}>; rel="next"` });
        res.end(JSON.stringify(documented));
      },
      json([{ id: 8, name: "deploy-docs", stage: "deploy", status: "created", created_at: "2015-12-24T15:51:21.802Z", web_url: "https://example.com/foo/bar/-/jobs/8", downstream_pipeline: null }]),
    ]);
    const bridges = await gitlab.listPipelineBridges(1, 6);
    expect(seen.map((s) => s.url.split("?")[0])).toEqual(["/api/v4/projects/1/pipelines/6/bridges", "/api/v4/projects/1/pipelines/6/bridges"]);
    expect(bridges).toEqual([
      {
        id: 7,
        name: "teaspoon",
        stage: "test",
        status: "pending",
        allow_failure: false,
        created_at: "2015-12-24T15:51:21.802Z",
        started_at: "2015-12-24T17:54:27.722Z",
        finished_at: "2015-12-24T17:58:27.895Z",
        duration: 240,
        queued_duration: 0.123,
        web_url: "https://example.com/foo/bar/-/jobs/7",
        // The documented answer predates project_id in downstream_pipeline.
        downstream_pipeline: { id: 5, project_id: null, status: "pending", updated_at: "2015-12-24T17:58:27.896Z", web_url: "https://example.com/diaspora/diaspora-client/pipelines/5" },
      },
      expect.objectContaining({ id: 8, allow_failure: false, started_at: null, duration: null, downstream_pipeline: null }),
    ]);
  });
});
