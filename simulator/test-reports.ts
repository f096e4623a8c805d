/*
 * The simulated pipelines' test reports, as GitLab builds them from the jobs' JUnit files
 * (`GET …/pipelines/:id/test_report`, and its summary): one suite per test job (parallel jobs
 * `name 1/3` grouped under `name`), from each job's latest attempt at the asked time.
 * - Python services: pytest, the `test` job's unit suite (the pipeline's planned test count, which
 *   grows as tests are added, each name stable by its index) and the `integration-test` suite.
 * - `ui`: a vitest suite from `test`; its end-to-end child pipeline a Playwright suite over three shards.
 * Failures match the jobs: a failed job fails some of its tests, a passed one none. A failing unit
 * test keeps failing on its ref for hours (so "failing since #N" happens); integration-test is the
 * flaky job (scenario.ts), and when it fails one of its few genuinely flaky tests is the one that
 * failed, so a retry passes it. A few tests drift slower with time.
 */

import type { GitLabTestReportSummary } from "./gitlab-types";
import type { SimProject } from "./model";
import type { PlannedJob, PlannedPipeline } from "./plan";
import { deriveSeed } from "./random";
import { isLatestAt, jobStatusAt } from "./state";

export interface GitLabTestCase {
  status: "success" | "failed" | "skipped" | "error";
  name: string;
  classname: string;
  file: string | null;
  execution_time: number;
  system_output: string | null;
  stack_trace: string | null;
  attachment_url: string | null;
  recent_failures: null;
}

export interface GitLabTestSuite {
  name: string;
  total_time: number;
  total_count: number;
  success_count: number;
  failed_count: number;
  skipped_count: number;
  error_count: number;
  suite_error: string | null;
  test_cases: GitLabTestCase[];
}

export interface GitLabTestReport {
  total_time: number;
  total_count: number;
  success_count: number;
  failed_count: number;
  skipped_count: number;
  error_count: number;
  test_suites: GitLabTestSuite[];
}

const DAY_MS = 86_400_000;
/** A unit test failing on a ref keeps failing for this long (until "fixed"), across its pipelines. */
const BREAKAGE_WINDOW_MS = 6 * 3_600_000;
const INTEGRATION_TESTS = 60;
const PLAYWRIGHT_PER_SHARD = 24;
/** Indexes (per suite) of the tests that fail now and then whatever the code: the genuinely flaky ones. */
const FLAKY_INTEGRATION = [7, 31];
const FLAKY_UNIT = [211];
const FRONTENDS = new Set(["ui"]);

const MODULES = [
  "auth", "pipelines", "jobs", "artifacts", "scans", "findings", "projects", "users", "tokens", "webhooks",
  "sessions", "roles", "groups", "audit", "billing", "quotas", "runners", "schedules", "secrets", "storage",
  "events", "notifications", "search", "exports", "imports", "migrations", "health", "metrics", "policies", "tenants",
];
const VERBS = [
  "creates", "rejects", "lists", "updates", "deletes", "paginates", "validates", "retries", "caches", "expires",
  "filters", "sorts", "merges", "renders", "parses", "serializes", "locks", "audits", "notifies", "restores",
];
const NOUNS = [
  "token", "pipeline", "job", "artifact", "finding", "project", "user", "session", "role", "group", "webhook",
  "runner", "schedule", "secret", "quota", "event", "report", "policy", "tenant", "export", "page", "filter",
  "cursor", "header", "payload", "timeout", "retry", "lock", "cache", "snapshot",
];
const FLOWS = ["login", "dashboard", "pipelines", "pipeline-detail", "security", "settings", "users", "projects"];

const hash = (...parts: ReadonlyArray<number | string>) => deriveSeed(...parts) / 0x1_0000_0000;
const snake = (s: string) => s.replace(/-/g, "_");

interface CaseName {
  classname: string;
  name: string;
  file: string;
}

/** Stable names by index: a bijection onto module × verb × noun, so no two indexes share a name. */
function unitName(index: number, frontend: boolean): CaseName {
  const combos = MODULES.length * VERBS.length * NOUNS.length;
  const mixed = (index * 7_919) % combos;
  const mod = MODULES[mixed % MODULES.length] ?? "core";
  const verb = VERBS[Math.floor(mixed / MODULES.length) % VERBS.length] ?? "handles";
  const noun = NOUNS[Math.floor(mixed / (MODULES.length * VERBS.length)) % NOUNS.length] ?? "thing";
  // Beyond the combinations (never with CWIQ's sizes) a parameter keeps the name unique.
  const param = index >= combos ? `[case${Math.floor(index / combos)}]` : "";
  if (frontend) {
    const component = mod.charAt(0).toUpperCase() + mod.slice(1);
    const file = `src/components/${component}.test.tsx`;
    return { classname: file, name: `${component} > ${verb} the ${noun}${param}`, file };
  }
  const file = `tests/unit/test_${snake(mod)}.py`;
  const cls = `Test${noun.charAt(0).toUpperCase()}${noun.slice(1)}`;
  return { classname: `tests.unit.test_${snake(mod)}.${cls}`, name: `test_${snake(verb)}_${noun}${param}`, file };
}

function integrationName(index: number, frontend: boolean): CaseName {
  const mod = MODULES[index % MODULES.length] ?? "core";
  // Past one round of modules the noun moves on, so (module, noun) never repeats within the suite.
  const noun = NOUNS[(index * 7 + Math.floor(index / MODULES.length)) % NOUNS.length] ?? "thing";
  if (frontend) {
    const file = `src/api/${mod}.integration.test.ts`;
    return { classname: file, name: `${mod} API > round-trips the ${noun} through the mock server`, file };
  }
  const file = `tests/integration/test_${snake(mod)}_api.py`;
  return { classname: `tests.integration.test_${snake(mod)}_api`, name: `test_${noun}_round_trip_against_postgres`, file };
}

function playwrightName(shard: number, index: number): CaseName {
  const flow = FLOWS[(shard * PLAYWRIGHT_PER_SHARD + index) % FLOWS.length] ?? "home";
  const file = `e2e/${flow}.spec.ts`;
  return { classname: `${flow}.spec.ts`, name: `${flow} › ${VERBS[index % VERBS.length] ?? "shows"} ${NOUNS[(index + shard) % NOUNS.length] ?? "page"} (#${shard * PLAYWRIGHT_PER_SHARD + index})`, file };
}

/**
 * Milliseconds: most tests take milliseconds, a few seconds; about one in forty drifts slower day by
 * day (a growing fixture, a missing index), and every run jitters a little.
 */
function durationMs(project: SimProject, suite: string, index: number, pipeline: PlannedPipeline): number {
  const r = hash(project.id, suite, index, "duration");
  const base = r < 0.9 ? 2 + r * 150 : r < 0.98 ? 200 + (r - 0.9) * 30_000 : 3_000 + (r - 0.98) * 900_000;
  const drifts = hash(project.id, suite, index, "drift") < 0.025;
  const days = Math.max(0, (pipeline.createdAt - project.createdAt) / DAY_MS);
  const drift = drifts ? 1 + 0.006 * days : 1;
  const jitter = 0.85 + 0.3 * hash(pipeline.id, suite, index);
  return Math.round(base * drift * jitter);
}

function failureText(kind: "unit" | "integration" | "playwright", c: CaseName, pipeline: PlannedPipeline, index: number): string {
  const line = 20 + Math.floor(hash(c.name, "line") * 400);
  if (kind === "playwright") {
    return [
      `Error: expect(locator).toBeVisible() failed`,
      ``,
      `Locator: getByRole('heading', { name: '${c.name.split(" › ")[0] ?? "page"}' })`,
      `Expected: visible`,
      `Received: <element(s) not found>`,
      `Call log:`,
      `  - Expect "toBeVisible" with timeout 5000ms`,
      ``,
      `    at ${c.file}:${line}:7`,
    ].join("\n");
  }
  if (kind === "integration") {
    return [
      `def ${c.name}(api_client, db):`,
      `>       response = api_client.get("/api/v1/health", timeout=5)`,
      `E       httpx.ReadTimeout: timed out after 5.0 s (attempt 1 of 1)`,
      ``,
      `${c.file}:${line}: ReadTimeout`,
    ].join("\n");
  }
  const expected = 200 + (index % 5) * 100;
  return [
    `def ${c.name.replace(/\[.*$/, "")}(client):`,
    `        payload = build_payload(seed=${pipeline.iid % 97})`,
    `>       assert response.status_code == ${expected}`,
    `E       assert 500 == ${expected}`,
    `E        +  where 500 = <Response [500]>.status_code`,
    ``,
    `${c.file}:${line}: AssertionError`,
    `----------------------------- Captured log call ------------------------------`,
    `ERROR    app.handlers:handlers.py:88 unhandled error in request`,
  ].join("\n");
}

/** The latest attempt at `t` of each job named (or grouped) `name`, with its status if it finished. */
function finishedAttempts(pipeline: PlannedPipeline, t: number, matches: (job: PlannedJob) => boolean): { job: PlannedJob; status: "success" | "failed" }[] {
  const out: { job: PlannedJob; status: "success" | "failed" }[] = [];
  for (const job of pipeline.jobs) {
    if (!matches(job) || !isLatestAt(job, t)) continue;
    const status = jobStatusAt(job, t);
    if (status === "success" || status === "failed") out.push({ job, status });
  }
  return out;
}

interface SuiteBuild {
  name: string;
  cases: GitLabTestCase[];
}

function suiteJson({ name, cases }: SuiteBuild): GitLabTestSuite {
  let time = 0;
  const counts = { success: 0, failed: 0, skipped: 0, error: 0 };
  for (const c of cases) {
    time += c.execution_time;
    counts[c.status]++;
  }
  return {
    name,
    total_time: Math.round(time * 1000) / 1000,
    total_count: cases.length,
    success_count: counts.success,
    failed_count: counts.failed,
    skipped_count: counts.skipped,
    error_count: counts.error,
    suite_error: null,
    test_cases: cases,
  };
}

function testCase(c: CaseName, status: GitLabTestCase["status"], ms: number, trace: string | null): GitLabTestCase {
  return {
    status,
    name: c.name,
    classname: c.classname,
    file: c.file,
    execution_time: status === "skipped" ? 0 : ms / 1000,
    system_output: null,
    stack_trace: trace,
    attachment_url: null,
    recent_failures: null,
  };
}

/** The unit suite of the `test` job: the pipeline's planned counts, failures only when the job failed. */
function unitSuite(project: SimProject, pipeline: PlannedPipeline, failedJob: boolean): SuiteBuild {
  const frontend = FRONTENDS.has(project.name);
  const { total, skipped, failed, errors } = pipeline.tests;
  const skip = new Set<number>();
  for (let k = 0; skip.size < Math.min(skipped, total) && k < skipped * 4; k++) skip.add(Math.floor(hash(project.id, "skip", k) * total));
  const failing = new Map<number, "failed" | "error">();
  if (failedJob) {
    // The same few tests fail on a ref until someone fixes them (a new window), or a flaky one.
    const window = Math.floor(pipeline.createdAt / BREAKAGE_WINDOW_MS);
    const wanted = Math.max(1, failed + errors);
    if (hash(pipeline.id, "flaky-unit") < 0.25) for (const i of FLAKY_UNIT) if (i < total) failing.set(i, "failed");
    for (let k = 0; failing.size < wanted && k < wanted * 4; k++) {
      const i = Math.floor(hash(project.id, pipeline.ref, window, k) * total);
      if (!skip.has(i)) failing.set(i, failing.size < failed ? "failed" : "error");
    }
  }
  const cases: GitLabTestCase[] = [];
  for (let i = 0; i < total; i++) {
    const name = unitName(i, frontend);
    const status = skip.has(i) ? "skipped" : (failing.get(i) ?? "success");
    const trace = status === "failed" || status === "error" ? failureText("unit", name, pipeline, i) : null;
    cases.push(testCase(name, status, durationMs(project, "test", i, pipeline), trace));
  }
  return { name: "test", cases };
}

function integrationSuite(project: SimProject, pipeline: PlannedPipeline, failedJob: boolean): SuiteBuild {
  const flaky = FLAKY_INTEGRATION[Math.floor(hash(pipeline.id, "flaky-integration") * FLAKY_INTEGRATION.length)];
  const cases: GitLabTestCase[] = [];
  for (let i = 0; i < INTEGRATION_TESTS; i++) {
    const name = integrationName(i, FRONTENDS.has(project.name));
    const status = failedJob && i === flaky ? "failed" : "success";
    cases.push(testCase(name, status, durationMs(project, "integration-test", i, pipeline), status === "failed" ? failureText("integration", name, pipeline, i) : null));
  }
  return { name: "integration-test", cases };
}

function playwrightSuite(project: SimProject, pipeline: PlannedPipeline, shards: readonly { job: PlannedJob; status: "success" | "failed" }[]): SuiteBuild {
  const cases: GitLabTestCase[] = [];
  for (const { job, status } of shards) {
    const shard = Number(/ (\d+)\/\d+$/.exec(job.name)?.[1] ?? "1") - 1;
    const failing = status === "failed" ? Math.floor(hash(pipeline.id, shard, "e2e") * PLAYWRIGHT_PER_SHARD) : -1;
    for (let i = 0; i < PLAYWRIGHT_PER_SHARD; i++) {
      const name = playwrightName(shard, i);
      const failed = i === failing;
      cases.push(testCase(name, failed ? "failed" : "success", 400 + durationMs(project, "playwright", shard * 100 + i, pipeline) * 20, failed ? failureText("playwright", name, pipeline, i) : null));
    }
  }
  return { name: "playwright", cases };
}

/** GitLab's full test report of `pipeline` as of `t`. */
export function testReport(project: SimProject, pipeline: PlannedPipeline, t: number): GitLabTestReport {
  const suites: SuiteBuild[] = [];
  const unit = finishedAttempts(pipeline, t, (job) => job.name === "test")[0];
  if (unit && pipeline.tests.total > 0) suites.push(unitSuite(project, pipeline, unit.status === "failed"));
  const integration = finishedAttempts(pipeline, t, (job) => job.name === "integration-test")[0];
  if (integration) suites.push(integrationSuite(project, pipeline, integration.status === "failed"));
  const shards = finishedAttempts(pipeline, t, (job) => /^playwright \d+\/\d+$/.test(job.name));
  if (shards.length > 0) suites.push(playwrightSuite(project, pipeline, shards));
  const json = suites.map(suiteJson);
  const sum = (key: "total_time" | "total_count" | "success_count" | "failed_count" | "skipped_count" | "error_count") =>
    json.reduce((n, s) => n + s[key], 0);
  return {
    total_time: Math.round(sum("total_time") * 1000) / 1000,
    total_count: sum("total_count"),
    success_count: sum("success_count"),
    failed_count: sum("failed_count"),
    skipped_count: sum("skipped_count"),
    error_count: sum("error_count"),
    test_suites: json,
  };
}

/** The summary endpoint: the same report's counts, per suite with the jobs behind it. */
export function testReportSummary(project: SimProject, pipeline: PlannedPipeline, t: number): GitLabTestReportSummary {
  const report = testReport(project, pipeline, t);
  const buildIds = (suite: string) =>
    finishedAttempts(pipeline, t, (job) => job.name === suite || job.name.startsWith(`${suite} `)).map((a) => a.job.id);
  return {
    total: {
      time: report.total_time,
      count: report.total_count,
      success: report.success_count,
      failed: report.failed_count,
      skipped: report.skipped_count,
      error: report.error_count,
      suite_error: null,
    },
    test_suites: report.test_suites.map((s) => ({
      name: s.name,
      total_time: s.total_time,
      total_count: s.total_count,
      success_count: s.success_count,
      failed_count: s.failed_count,
      skipped_count: s.skipped_count,
      error_count: s.error_count,
      build_ids: buildIds(s.name),
      suite_error: null,
    })),
  };
}
