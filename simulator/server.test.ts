import { Gitlab } from "@gitbeaker/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type GitLabBridge, type GitLabJob, type GitLabPipeline, type GitLabPipelineListItem, type Simulator } from "./index";

const ANCHOR = Date.parse("2025-03-10T12:00:00.000Z");

let sim: Simulator;

async function api(path: string, init: RequestInit = {}, target: Simulator = sim): Promise<Response> {
  return fetch(`${target.url}/api/v4/${path}`, { ...init, headers: { "PRIVATE-TOKEN": target.token, ...init.headers } });
}

async function getJson<T>(path: string, target: Simulator = sim): Promise<{ body: T; headers: Headers; status: number }> {
  const response = await api(path, {}, target);
  return { body: (await response.json()) as T, headers: response.headers, status: response.status };
}

/** Follows rel="next" links from a first URL; returns all items and every response's headers. */
async function walk<T>(firstPath: string, target: Simulator = sim): Promise<{ items: T[]; pages: Headers[] }> {
  const items: T[] = [];
  const pages: Headers[] = [];
  let url: string | null = `${target.url}/api/v4/${firstPath}`;
  while (url) {
    const response: Response = await fetch(url, { headers: { "PRIVATE-TOKEN": target.token } });
    expect(response.status).toBe(200);
    items.push(...((await response.json()) as T[]));
    pages.push(response.headers);
    url = /<([^>]+)>; rel="next"/.exec(response.headers.get("link") ?? "")?.[1] ?? null;
  }
  return { items, pages };
}

beforeAll(async () => {
  sim = await startSimulator({ now: ANCHOR, frozen: true, historyDays: 6, pipelinesPerDay: 20, rateLimitPerMinute: 0 });
});
afterAll(async () => {
  await sim.close();
});

describe("GitLab REST shapes", () => {
  it("serves projects by id and by URL-encoded path, 404 otherwise", async () => {
    const byId = await getJson<{ id: number; path_with_namespace: string; default_branch: string; web_url: string }>("projects/101");
    const byPath = await getJson<{ id: number }>("projects/cwiq%2Fserver");
    expect(byId.body).toMatchObject({ id: 101, path_with_namespace: "cwiq/server", default_branch: "main", web_url: `${sim.url}/cwiq/server` });
    expect(byPath.body.id).toBe(101);
    expect(sim.projects.map((p) => [p.id, p.path_with_namespace])).toEqual([
      [101, "cwiq/server"],
      [102, "cwiq/iam-api"],
      [103, "cwiq/ui"],
      [104, "cwiq/executor"],
    ]);
    const missing = await getJson<unknown>("projects/cwiq%2Fnope");
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ message: "404 Project Not Found" });
    const route = await getJson<unknown>("projects/101/nothing-here");
    expect(route.status).toBe(404);
    expect(route.body).toEqual({ error: "404 Not Found" });
  });

  it("requires the token (PRIVATE-TOKEN or Bearer)", async () => {
    const attempts: Array<Record<string, string>> = [{}, { "PRIVATE-TOKEN": "wrong" }, { Authorization: "Bearer wrong" }];
    for (const headers of attempts) {
      const response = await fetch(`${sim.url}/api/v4/projects/101`, { headers });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ message: "401 Unauthorized" });
    }
    const bearer = await fetch(`${sim.url}/api/v4/projects/101`, { headers: { Authorization: `Bearer ${sim.token}` } });
    expect(bearer.status).toBe(200);
  });

  it("answers exactly what truth() says", async () => {
    const truth = sim.truth();
    const server = truth.projects.find((p) => p.project.id === 101)!;
    const listed = await walk<GitLabPipelineListItem>("projects/101/pipelines?per_page=100");
    expect(listed.items).toEqual(server.pipelines.map((p) => p.listItem));
    for (const entry of server.pipelines.slice(0, 25)) {
      const single = await getJson<GitLabPipeline>(`projects/101/pipelines/${entry.pipeline.id}`);
      expect(single.body).toEqual(entry.pipeline);
      const jobs = await getJson<GitLabJob[]>(`projects/101/pipelines/${entry.pipeline.id}/jobs?include_retried=true&per_page=100`);
      expect(jobs.body).toEqual(entry.jobs);
      const summary = await getJson<unknown>(`projects/101/pipelines/${entry.pipeline.id}/test_report_summary`);
      expect(summary.body).toEqual(entry.testReportSummary);
    }
    const job = server.pipelines[0]!.jobs[0]!;
    expect((await getJson<GitLabJob>(`projects/101/jobs/${job.id}`)).body).toEqual(job);
    expect((await getJson<unknown>(`projects/102/jobs/${job.id}`)).status).toBe(404);
    // One project's truth is that project's part of the whole, at the same time.
    expect(sim.projectTruth("cwiq/server")).toEqual({ at: truth.at, projects: [server] });
    expect(() => sim.projectTruth("cwiq/nothing")).toThrow(/no project cwiq\/nothing/);
  });

  it("lists ui's trigger jobs with the child pipelines they started, which GitLab lists as pipelines too", async () => {
    const ui = sim.truth().projects.find((p) => p.project.id === 103)!;
    const parents = ui.pipelines.filter((p) => p.bridges.length > 0);
    expect(parents.length).toBeGreaterThan(10);
    for (const entry of parents.slice(0, 15)) {
      const bridges = await getJson<GitLabBridge[]>(`projects/103/pipelines/${entry.pipeline.id}/bridges`);
      expect(bridges.body).toEqual(entry.bridges);
      const [bridge] = bridges.body;
      expect(bridge).toMatchObject({ name: "e2e", stage: "test", web_url: `${sim.url}/cwiq/ui/-/jobs/${bridge!.id}` });
      expect(bridge!.pipeline).toMatchObject({ id: entry.pipeline.id, project_id: 103 });
      const downstream = bridge!.downstream_pipeline;
      if (!downstream) continue;
      const child = ui.pipelines.find((p) => p.pipeline.id === downstream.id)!;
      expect(child.listItem).toMatchObject({ source: "parent_pipeline", ref: entry.pipeline.ref, sha: entry.pipeline.sha });
      expect(downstream).toMatchObject({ project_id: 103, status: child.listItem.status, updated_at: child.listItem.updated_at, web_url: child.listItem.web_url });
      expect((await getJson<GitLabPipeline>(`projects/103/pipelines/${downstream.id}`)).body).toEqual(child.pipeline);
      expect((await getJson<GitLabJob[]>(`projects/103/pipelines/${downstream.id}/jobs?include_retried=true`)).body).toEqual(child.jobs);
      // GitLab's job endpoints know nothing of a trigger job.
      expect((await getJson<GitLabJob[]>(`projects/103/pipelines/${entry.pipeline.id}/jobs?per_page=100`)).body.map((j) => j.id)).not.toContain(bridge!.id);
      expect((await getJson<unknown>(`projects/103/jobs/${bridge!.id}`)).status).toBe(404);
    }
    const failedOnly = await getJson<GitLabBridge[]>(`projects/103/pipelines/${parents[0]!.pipeline.id}/bridges?scope[]=failed`);
    expect(failedOnly.body).toEqual(parents[0]!.bridges.filter((b) => b.status === "failed"));
    expect((await getJson<unknown>(`projects/101/pipelines/${sim.truth().projects[0]!.pipelines[0]!.pipeline.id}/bridges`)).body).toEqual([]);
    // The latest pipeline of a ref is the service's own, never a child.
    const latest = await getJson<GitLabPipeline>("projects/103/pipelines/latest?ref=main");
    expect(latest.body.source).not.toBe("parent_pipeline");
  });

  it("gives identical truth for the same seed, different for another", async () => {
    const options = { now: ANCHOR, frozen: true, historyDays: 2, pipelinesPerDay: 15, baseUrl: "https://gitlab.cwiq.example", rateLimitPerMinute: 0 };
    const [a, b, c] = await Promise.all([startSimulator(options), startSimulator(options), startSimulator({ ...options, seed: 7 })]);
    try {
      for (const s of [a, b, c]) s.clock.advance(45 * 60_000);
      const truthA = JSON.stringify(a.truth());
      expect(JSON.stringify(b.truth())).toBe(truthA);
      expect(JSON.stringify(c.truth())).not.toBe(truthA);
      expect(truthA).toContain('"web_url":"https://gitlab.cwiq.example/cwiq/server/-/pipelines/');
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });

  it("uses GitLab's field formats", async () => {
    const entry = sim.truth().projects[0]!.pipelines.find((p) => p.pipeline.status === "success")!;
    const { pipeline, jobs } = entry;
    const isoMs = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
    expect(pipeline.created_at).toMatch(isoMs);
    expect(pipeline.finished_at).toMatch(isoMs);
    expect(pipeline.web_url).toBe(`${sim.url}/cwiq/server/-/pipelines/${pipeline.id}`);
    expect(Number.isInteger(pipeline.duration)).toBe(true);
    expect(pipeline.coverage).toMatch(/^\d+\.\d\d$/);
    expect(pipeline.detailed_status.group).toMatch(/^success/);
    const test = jobs.find((j) => j.name === "test")!;
    expect(typeof test.coverage).toBe("number");
    expect(pipeline.coverage).toBe(test.coverage!.toFixed(2));
    for (const job of jobs) {
      expect(job.web_url).toBe(`${sim.url}/cwiq/server/-/jobs/${job.id}`);
      expect(job.pipeline).toMatchObject({ id: pipeline.id, project_id: 101, status: pipeline.status });
      expect(job.commit.id).toBe(pipeline.sha);
      expect("failure_reason" in job).toBe(job.status === "failed");
    }
  });
});

describe("pipeline listing", () => {
  it("paginates with X-* headers and Link, keeping the query", async () => {
    const total = sim.truth().projects[1]!.pipelines.length;
    const perPage = 7;
    const { items, pages } = await walk<GitLabPipelineListItem>(`projects/102/pipelines?per_page=${perPage}&sort=asc`);
    const lastPage = Math.ceil(total / perPage);
    expect(items).toHaveLength(total);
    expect(items.map((p) => p.id)).toEqual([...items.map((p) => p.id)].sort((a, b) => a - b));
    expect(pages).toHaveLength(lastPage);
    pages.forEach((headers, index) => {
      const page = index + 1;
      expect(headers.get("x-page")).toBe(String(page));
      expect(headers.get("x-per-page")).toBe(String(perPage));
      expect(headers.get("x-total")).toBe(String(total));
      expect(headers.get("x-total-pages")).toBe(String(lastPage));
      expect(headers.get("x-next-page")).toBe(page < lastPage ? String(page + 1) : "");
      expect(headers.get("x-prev-page")).toBe(page > 1 ? String(page - 1) : "");
      const links: Record<string, URL> = Object.fromEntries(
        [...(headers.get("link") ?? "").matchAll(/<([^>]+)>; rel="(\w+)"/g)].map((m) => [m[2] ?? "", new URL(m[1] ?? "")]),
      );
      expect(links.first?.searchParams.get("page")).toBe("1");
      expect(links.last?.searchParams.get("page")).toBe(String(lastPage));
      expect(links.prev?.searchParams.get("page")).toBe(page > 1 ? String(page - 1) : undefined);
      expect(links.next?.searchParams.get("page")).toBe(page < lastPage ? String(page + 1) : undefined);
      for (const link of Object.values(links)) {
        expect(link.origin).toBe(sim.url);
        expect(link.pathname).toBe("/api/v4/projects/102/pipelines");
        expect(link.searchParams.get("sort")).toBe("asc");
        expect(link.searchParams.get("per_page")).toBe(String(perPage));
      }
    });
    const beyond = await api(`projects/102/pipelines?per_page=${perPage}&page=${lastPage + 1}`);
    expect(await beyond.json()).toEqual([]);
    expect(beyond.headers.get("x-next-page")).toBe("");
    expect(beyond.headers.get("x-prev-page")).toBe("");
  });

  it("omits totals and rel=last above the count limit", async () => {
    const small = await startSimulator({ now: ANCHOR, frozen: true, historyDays: 2, pipelinesPerDay: 10, paginationCountLimit: 15, rateLimitPerMinute: 0 });
    try {
      const over = await api("projects/101/pipelines?per_page=5", {}, small);
      expect(over.headers.get("x-total")).toBeNull();
      expect(over.headers.get("x-total-pages")).toBeNull();
      expect(over.headers.get("link")).not.toContain('rel="last"');
      expect(over.headers.get("x-next-page")).toBe("2");
      const { items, pages } = await walk<GitLabPipelineListItem>("projects/101/pipelines?per_page=5", small);
      expect(items).toHaveLength(20);
      expect(pages.at(-1)?.get("x-next-page")).toBe("");
      const under = await api("projects/101/pipelines?per_page=5&ref=main", {}, small);
      const count = Number(under.headers.get("x-total"));
      expect(count).toBeGreaterThan(0);
      expect(count).toBeLessThanOrEqual(15);
      expect(under.headers.get("link")).toContain('rel="last"');
    } finally {
      await small.close();
    }
  });

  it("filters by updated_after, ordered by updated_at ascending", async () => {
    const pipelines = sim.truth().projects[0]!.pipelines.map((p) => p.listItem);
    const cutoff = [...pipelines].sort((a, b) => a.updated_at.localeCompare(b.updated_at))[Math.floor(pipelines.length * 0.7)]!.updated_at;
    const expected = pipelines
      .filter((p) => p.updated_at >= cutoff)
      .sort((a, b) => a.updated_at.localeCompare(b.updated_at) || a.id - b.id);
    const { items } = await walk<GitLabPipelineListItem>(`projects/101/pipelines?updated_after=${encodeURIComponent(cutoff)}&order_by=updated_at&sort=asc&per_page=10`);
    expect(items).toEqual(expected);
    expect(items[0]!.updated_at).toBe(cutoff); // inclusive, as GitLab
  });

  it("orders moving pipelines by their current updated_at and hides pipelines not created yet", async () => {
    // A weekday morning inside the history: many pipelines are running at this moment.
    const at = Date.parse("2025-03-07T10:30:00.000Z");
    const past = await startSimulator({ now: ANCHOR, startAt: at, frozen: true, historyDays: 4, pipelinesPerDay: 150, rateLimitPerMinute: 0 });
    try {
      const truth = past.truth();
      const listed = truth.projects.flatMap((p) => p.pipelines.map((entry) => entry.listItem));
      expect(listed.every((p) => Date.parse(p.created_at) <= at)).toBe(true);
      const moving = listed.filter((p) => Date.parse(past.pipelinePlan(p.id)!.settledAt) > at);
      expect(moving.length).toBeGreaterThan(5);
      expect(moving.some((p) => p.status === "running")).toBe(true);
      for (const project of truth.projects) {
        const items = project.pipelines.map((entry) => entry.listItem);
        const expected = [...items].sort((a, b) => a.updated_at.localeCompare(b.updated_at) || a.id - b.id);
        const asc = await walk<GitLabPipelineListItem>(`projects/${project.project.id}/pipelines?order_by=updated_at&sort=asc&per_page=100`, past);
        expect(asc.items).toEqual(expected);
        const desc = await walk<GitLabPipelineListItem>(`projects/${project.project.id}/pipelines?order_by=updated_at&sort=desc&per_page=100`, past);
        expect(desc.items).toEqual([...expected].reverse());
      }
      const future = past.truth(ANCHOR).projects[0]!.pipelines.find((p) => Date.parse(p.pipeline.created_at) > at)!;
      expect((await api(`projects/101/pipelines/${future.pipeline.id}`, {}, past)).status).toBe(404);
    } finally {
      await past.close();
    }
  });

  it("filters by ref, status and scope, and rejects invalid values like GitLab", async () => {
    const pipelines = sim.truth().projects[0]!.pipelines.map((p) => p.listItem);
    const main = await walk<GitLabPipelineListItem>("projects/101/pipelines?ref=main&per_page=100");
    expect(main.items).toEqual(pipelines.filter((p) => p.ref === "main"));
    const failed = await walk<GitLabPipelineListItem>("projects/101/pipelines?status=failed&per_page=100");
    expect(failed.items).toEqual(pipelines.filter((p) => p.status === "failed"));
    const tags = await walk<GitLabPipelineListItem>("projects/101/pipelines?scope=tags&per_page=100");
    expect(tags.items.every((p) => /^v\d/.test(p.ref))).toBe(true);
    expect(new Set(tags.items.map((p) => p.ref)).size).toBe(tags.items.length); // latest per tag
    const bad = await getJson<unknown>("projects/101/pipelines?order_by=created_at");
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ error: "order_by does not have a valid value" });
  });
});

describe("pipeline jobs", () => {
  it("lists only the latest attempts unless include_retried", async () => {
    const entry = sim
      .truth()
      .projects.flatMap((p) => p.pipelines)
      .find((p) => p.jobs.filter((j) => j.name === "integration-test").length > 1)!;
    expect(entry).toBeDefined();
    const { project_id: projectId, id } = entry.pipeline;
    const latest = await getJson<GitLabJob[]>(`projects/${projectId}/pipelines/${id}/jobs?per_page=100`);
    const all = await getJson<GitLabJob[]>(`projects/${projectId}/pipelines/${id}/jobs?per_page=100&include_retried=true`);
    const attempts = all.body.filter((j) => j.name === "integration-test");
    expect(attempts).toHaveLength(2);
    expect(attempts[0]!.id).toBeGreaterThan(attempts[1]!.id); // id descending
    expect(attempts[1]!.status).toBe("failed");
    expect(latest.body.filter((j) => j.name === "integration-test")).toEqual([attempts[0]]);
    expect(all.body).toHaveLength(latest.body.length + 1);
    expect(all.body.map((j) => j.id)).toEqual([...all.body.map((j) => j.id)].sort((a, b) => b - a));

    const scoped = await getJson<GitLabJob[]>(`projects/${projectId}/pipelines/${id}/jobs?include_retried=true&scope[]=failed&scope[]=skipped`);
    expect(scoped.body).toEqual(all.body.filter((j) => j.status === "failed" || j.status === "skipped"));
    const single = await getJson<GitLabJob[]>(`projects/${projectId}/pipelines/${id}/jobs?scope=success&per_page=3`);
    expect(single.body.every((j) => j.status === "success")).toBe(true);
    expect(single.headers.get("x-total")).toBe(String(latest.body.filter((j) => j.status === "success").length));
  });
});

describe("clock", () => {
  it("advancing the clock finishes a running pipeline and moves its updated_at", async () => {
    const live = await startSimulator({ now: ANCHOR, frozen: true, historyDays: 1, pipelinesPerDay: 4, rateLimitPerMinute: 0 });
    try {
      live.clock.advance(5 * 60_000);
      const running = live.truth().projects.flatMap((p) => p.pipelines).find((p) => p.pipeline.status === "running")!;
      expect(running).toBeDefined();
      const path = `projects/${running.pipeline.project_id}/pipelines/${running.pipeline.id}`;
      const before = await getJson<GitLabPipeline>(path, live);
      expect(before.body.status).toBe("running");
      expect(before.body.finished_at).toBeNull();
      const summaryBefore = await getJson<{ total: { count: number } }>(`${path}/test_report_summary`, live);

      const plan = live.pipelinePlan(running.pipeline.id)!;
      const control = await fetch(`${live.url}/__sim/advance?ms=${Date.parse(plan.settledAt) - live.clock.now()}`, { method: "POST" });
      expect(control.status).toBe(200);
      const after = await getJson<GitLabPipeline>(path, live);
      expect(["success", "failed", "canceled"]).toContain(after.body.status);
      expect(after.body.finished_at).not.toBeNull();
      expect(Date.parse(after.body.updated_at)).toBeGreaterThan(Date.parse(before.body.updated_at));
      expect(after.body).toEqual(live.truth().projects.find((p) => p.project.id === running.pipeline.project_id)!.pipelines.find((p) => p.pipeline.id === running.pipeline.id)!.pipeline);
      const summaryAfter = await getJson<{ total: { count: number } }>(`${path}/test_report_summary`, live);
      if (summaryBefore.body.total.count === 0 && after.body.status === "success") expect(summaryAfter.body.total.count).toBeGreaterThan(100);

      // Newer pipelines have appeared meanwhile, and the live one shows up in updated_after polling.
      const polled = await getJson<GitLabPipelineListItem[]>(
        `projects/${running.pipeline.project_id}/pipelines?updated_after=${encodeURIComponent(before.body.updated_at)}&order_by=updated_at&sort=asc`,
        live,
      );
      expect(polled.body.map((p) => p.id)).toContain(running.pipeline.id);
    } finally {
      await live.close();
    }
  });
});

describe("rate limit", () => {
  it("answers 429 with Retry-After and a plain-text body above the rate", async () => {
    const limited = await startSimulator({ now: ANCHOR, frozen: true, historyDays: 1, pipelinesPerDay: 2, rateLimitPerMinute: 3 });
    try {
      for (let i = 1; i <= 3; i++) {
        const ok = await api("projects/101", {}, limited);
        expect(ok.status).toBe(200);
        expect(ok.headers.get("ratelimit-limit")).toBe("3");
        expect(ok.headers.get("ratelimit-observed")).toBe(String(i));
        expect(ok.headers.get("ratelimit-remaining")).toBe(String(3 - i));
        expect(Number(ok.headers.get("ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000);
        expect(new Date(ok.headers.get("ratelimit-resettime")!).getTime()).toBeGreaterThan(Date.now() - 1000);
      }
      const over = await api("projects/101", {}, limited);
      expect(over.status).toBe(429);
      expect(over.headers.get("content-type")).toMatch(/^text\/plain/);
      expect((await over.text()).trim()).toBe("Retry later");
      expect(Number(over.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(Number(over.headers.get("retry-after"))).toBeLessThanOrEqual(60);
      expect(over.headers.get("ratelimit-remaining")).toBe("0");
      limited.setRateLimit(0);
      const free = await api("projects/101", {}, limited);
      expect(free.status).toBe(200);
      expect(free.headers.get("ratelimit-limit")).toBeNull();
    } finally {
      await limited.close();
    }
  });
});

describe("faults", () => {
  it("injects 5xx answers for the next N requests", async () => {
    sim.faults.set({ kind: "5xx", count: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await api("projects/101");
      statuses.push(response.status);
      if (response.status === 500) expect(await response.json()).toEqual({ message: "500 Internal Server Error" });
      else if (response.status === 502) expect(await response.text()).toContain("502 Bad Gateway");
      else await response.arrayBuffer();
    }
    expect(statuses).toEqual([500, 502, 503, 200]);
  });

  it("injects 429 with and without headers", async () => {
    sim.faults.set([{ kind: "429", count: 1, retryAfterSeconds: 2 }, { kind: "429", count: 1, withoutHeaders: true }]);
    const first = await api("projects/101");
    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after")).toBe("2");
    expect((await first.text()).trim()).toBe("Retry later");
    const second = await api("projects/101");
    expect(second.status).toBe(429);
    expect(second.headers.get("retry-after")).toBeNull();
    expect(second.headers.get("ratelimit-limit")).toBeNull();
    await second.arrayBuffer();
    expect((await api("projects/101")).status).toBe(200);
  });

  it("slows, drops and mangles answers", async () => {
    sim.faults.set({ kind: "slow", count: 1, delayMs: 300 });
    const started = performance.now();
    expect((await api("projects/101")).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);

    sim.faults.set({ kind: "drop", count: 1 });
    await expect(api("projects/101")).rejects.toThrow();

    sim.faults.set({ kind: "malformed", count: 1, path: "/pipelines" });
    expect((await api("projects/101")).status).toBe(200); // path does not match
    const mangled = await api("projects/101/pipelines");
    expect(mangled.status).toBe(200);
    await expect(mangled.json()).rejects.toThrow();
    expect((await api("projects/101/pipelines")).status).toBe(200);
  });

  it("hits by seeded probability, repeatably, until cleared", async () => {
    const pattern = async () => {
      sim.faults.set({ kind: "5xx", probability: 0.4, status: 503 });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) {
        const response = await api("projects/101");
        statuses.push(response.status);
        await response.arrayBuffer();
      }
      return statuses;
    };
    const first = await pattern();
    expect(first.filter((s) => s === 503).length).toBeGreaterThan(2);
    expect(first.filter((s) => s === 200).length).toBeGreaterThan(2);
    expect(await pattern()).toEqual(first);
    sim.faults.clear();
    expect((await api("projects/101")).status).toBe(200);
  });

  it("can be switched through the control endpoint", async () => {
    const set = await fetch(`${sim.url}/__sim/faults`, { method: "POST", body: JSON.stringify({ kind: "5xx", count: 1, status: 502 }) });
    expect(set.status).toBe(200);
    expect((await api("projects/101")).status).toBe(502);
    expect((await fetch(`${sim.url}/__sim/faults`, { method: "POST", body: '{"kind":"nope"}' })).status).toBe(400);
  });
});

describe("stats and clients", () => {
  it("counts requests per route", async () => {
    sim.stats.reset();
    await api("projects/101");
    await api("projects/101/pipelines");
    await api("projects/101/pipelines");
    expect(sim.stats.total).toBe(3);
    expect(sim.stats.byRoute["GET /api/v4/projects/:id/pipelines"]).toBe(2);
    expect(sim.stats.byRoute["GET /api/v4/projects/:id"]).toBe(1);
  });

  it("works with @gitbeaker/rest, following its pagination", async () => {
    const gitlab = new Gitlab({ host: sim.url, token: sim.token });
    const truth = sim.truth().projects[2]!;
    const pipelines = await gitlab.Pipelines.all(103, { perPage: 50 });
    expect(pipelines.map((p) => p.id)).toEqual(truth.pipelines.map((p) => p.pipeline.id));
    const entry = truth.pipelines[3]!;
    const jobs = await gitlab.Jobs.all(103, { pipelineId: entry.pipeline.id, includeRetried: true, perPage: 5 });
    expect(jobs.map((j) => j.id)).toEqual(entry.jobs.map((j) => j.id));
  });
});
