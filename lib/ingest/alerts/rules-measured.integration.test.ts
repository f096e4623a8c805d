import pino from "pino";
import { beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_THRESHOLDS, type AlertRule } from "@/lib/domain/alerts";
import { TEST_FLAKE_RULE } from "@/lib/domain/metrics/test-flakes";
import { TEST_STATUS } from "@/lib/domain/tests";
import { DAY_MS } from "@/lib/domain/time";
import { evaluateAlerts } from "./evaluate";
import { addPipeline, at, mainJobs, ruleEvents, T0, testEngine, alertWorld, type JobSpec } from "./testing";

/*
 * The measured rules (job and test flake rates, p95 week on week) and the finding age rules fire and clear on
 * hand-built histories in a real PostgreSQL, through the evaluation the sync runs: one firing and one
 * clearing each, with one outbox row each for the one channel. Thresholds are the CWIQ defaults
 * (10 % flake rate over 10 runs in 7 days, p95 +25 %, critical findings 7 days with 2 days' warning).
 */

const silent = pino({ level: "silent" });

const world = alertWorld();

const evaluateAt = (now: Date) => evaluateAlerts(world.db, testEngine(["server"]), now, silent);
const evaluate = (minutes: number) => evaluateAt(at(minutes));
const events = (rule: AlertRule) => ruleEvents(world.db, rule);
/** Kind, silent reason and outbox rows of each event: what was sent, in order. */
const sent = async (rule: AlertRule) => (await events(rule)).map((e) => [e.kind, e.silentReason, e.deliveries.length]);

describe("job_flaky", () => {
  const clean: JobSpec[] = [
    { name: "lint", stage: "validate", status: "success" },
    { name: "test", stage: "test", status: "success" },
  ];
  // The /flaky rule: the final attempt passed after a retried attempt failed.
  const flaked: JobSpec[] = [
    { name: "lint", stage: "validate", status: "success" },
    { name: "test", stage: "test", status: "failed", retried: true },
    { name: "test", stage: "test", status: "success" },
  ];

  it("fires when a job's flake rate is over the threshold with enough runs, and clears when it falls to it", async () => {
    // 2 flakes in 9 runs: over 10 % but under the 10 runs it takes.
    for (let i = 0; i < 9; i += 1) await addPipeline(world.db, world.serverId, 100 + i, at(10 * i), "success", i === 2 || i === 6 ? flaked : clean);
    await evaluate(120);
    expect(await events("job_flaky")).toHaveLength(0);

    // The 10th run: 2 of 10, 20 %.
    await addPipeline(world.db, world.serverId, 109, at(90), "success", clean);
    await evaluate(130);
    await evaluate(135);
    const fired = await events("job_flaky");
    expect(fired.map((e) => [e.kind, e.alert.key, e.silentReason, e.deliveries.length])).toEqual([["firing", "job_flaky:server:job:test", null, 1]]);
    expect(fired[0]?.title).toBe("server: job test flakes in 20% of runs");
    // lint never flaked: no alert about it.
    expect((await world.db.alert.findMany({ where: { rule: "job_flaky" } })).map((a) => a.subject)).toEqual(["job:test"]);

    // Ten clean runs more: 2 of 20 is 10 %, not over it.
    for (let i = 0; i < 10; i += 1) await addPipeline(world.db, world.serverId, 110 + i, at(140 + 10 * i), "success", clean);
    await evaluate(260);
    await evaluate(265);
    expect(await sent("job_flaky")).toEqual([
      ["firing", null, 1],
      ["resolved", null, 1],
    ]);
  });

  it("counts only the window: flakes older than ALERT_FLAKE_WINDOW_DAYS clear it", async () => {
    for (let i = 0; i < 10; i += 1) await addPipeline(world.db, world.serverId, 200 + i, at(10 * i), "success", i < 3 ? flaked : clean);
    await evaluate(120);
    expect((await sent("job_flaky")).map(([kind]) => kind)).toEqual(["firing"]);
    // A week later the runs (and their flakes) are out of the window; nothing else ran.
    await evaluateAt(new Date(at(120).getTime() + DEFAULT_THRESHOLDS.flakeWindowDays * DAY_MS));
    expect((await sent("job_flaky")).map(([kind]) => kind)).toEqual(["firing", "resolved"]);
  });
});

describe("test_flaky", () => {
  const jobs: JobSpec[] = [{ name: "test", stage: "test", status: "success" }];
  let flakyCase: number;
  let steadyCase: number;

  beforeEach(async () => {
    const testCase = (name: string) => world.db.testCase.create({ data: { serviceId: world.serverId, suite: "test", classname: "tests.test_api", name } });
    flakyCase = (await testCase("test_login")).id;
    steadyCase = (await testCase("test_logout")).id;
  });

  /**
   * A main pipeline of commit `sha` with the two tests' outcomes as GitLab's report gives them (the
   * final attempt) and the failure texts Stageboard kept: "retried" failed, then passed on the job's retry.
   */
  async function run(id: number, minutes: number, sha: string, login: "passed" | "failed" | "retried", logout: "passed" | "failed" = "passed") {
    await addPipeline(world.db, world.serverId, id, at(minutes), "success", jobs);
    await world.db.pipeline.update({ where: { id: BigInt(id) }, data: { sha: sha.padStart(40, "c") } });
    const outcomes: Array<[number, string]> = [
      [flakyCase, login],
      [steadyCase, logout],
    ];
    await world.db.testResult.createMany({
      data: outcomes.map(([testCaseId, outcome]) => ({ testCaseId, pipelineId: BigInt(id), status: outcome === "failed" ? TEST_STATUS.failed : TEST_STATUS.success, durationMs: 40 })),
    });
    const failures = outcomes.filter(([, outcome]) => outcome !== "passed");
    await world.db.testFailure.createMany({ data: failures.map(([testCaseId]) => ({ testCaseId, pipelineId: BigInt(id), message: "AssertionError: 401 != 200" })) });
  }

  it("fires when a test's flake rate (commits that both failed and passed it) is over the threshold, and clears when it falls to it", async () => {
    // 9 commits in 10 pipelines; test_login flaked on two: a retry that passed it, and a second pipeline of the same commit that passed it.
    await run(400, 0, "c1", "retried");
    await run(401, 10, "c2", "failed");
    await run(402, 20, "c2", "passed");
    for (let i = 3; i <= 9; i += 1) await run(400 + i, 10 * i, `c${i}`, "passed", i === 5 ? "failed" : "passed");
    await evaluate(120);
    // Ten pipelines but nine commits: under the 10 runs it takes.
    expect(await events("test_flaky")).toHaveLength(0);

    await run(410, 100, "c10", "passed");
    await evaluate(130);
    await evaluate(135);
    const fired = await events("test_flaky");
    expect(fired.map((e) => [e.kind, e.alert.key, e.silentReason, e.deliveries.length])).toEqual([
      ["firing", "test_flaky:server:test:test/tests.test_api/test_login", null, 1],
    ]);
    expect(fired[0]?.title).toBe("server: test test_login flakes on 20% of commits");
    // The same rule the tests' pages state, and a link to the test's page.
    expect(JSON.stringify(fired[0]?.detail)).toContain(TEST_FLAKE_RULE);
    expect(JSON.stringify(fired[0]?.detail)).toContain(`"/tests/${flakyCase}"`);
    // The last flake's commit: pipeline 402 finished at minute 30.
    expect(fired[0]?.eventAt.toISOString()).toBe(at(30).toISOString());
    // test_logout failed once and never passed that commit: a failure, not a flake.
    expect((await world.db.alert.findMany({ where: { rule: "test_flaky" } })).map((a) => a.subject)).toEqual(["test:test/tests.test_api/test_login"]);

    // Ten clean commits more: 2 of 20 is 10 %, not over it.
    for (let i = 11; i <= 20; i += 1) await run(400 + i, 100 + 10 * i, `c${i}`, "passed");
    await evaluate(320);
    await evaluate(325);
    expect(await sent("test_flaky")).toEqual([
      ["firing", null, 1],
      ["resolved", null, 1],
    ]);
  });

  it("is switched off on its own by ALERT_RULES_OFF=test_flaky", async () => {
    for (let i = 0; i < 10; i += 1) await run(500 + i, 10 * i, `d${i}`, i < 3 ? "retried" : "passed");
    await evaluateAlerts(world.db, testEngine(["server"], ["test_flaky"]), at(120), silent);
    expect(await events("test_flaky")).toHaveLength(0);
    await evaluate(130);
    expect((await sent("test_flaky")).map(([kind]) => kind)).toEqual(["firing"]);
  });
});

describe("main_duration_p95_up", () => {
  /** A green main pipeline created `days` after T0 that took `seconds`. */
  let nextId = 300;
  async function mainRun(days: number, seconds: number) {
    nextId += 1;
    await addPipeline(world.db, world.serverId, nextId, new Date(T0.getTime() + days * DAY_MS), "success", mainJobs());
    await world.db.pipeline.update({ where: { id: BigInt(nextId) }, data: { duration: seconds } });
  }
  const day = (d: number) => new Date(T0.getTime() + d * DAY_MS);

  it("fires when this week's p95 is more than 25 % over last week's and clears when it is back under", async () => {
    // Last week (days 0-4): 10 min each.
    for (let d = 0; d < 5; d += 1) await mainRun(d + 0.5, 600);
    // This week (days 7-11): 12 min, +20 %: under the threshold.
    for (let d = 7; d < 12; d += 1) await mainRun(d + 0.5, 720);
    await evaluateAt(day(13));
    expect(await events("main_duration_p95_up")).toHaveLength(0);

    // One slow run: p95 of [720 × 5, 1200] is 1080 s, +80 %.
    await mainRun(12.5, 1_200);
    await evaluateAt(day(13.5));
    await evaluateAt(day(13.6));
    const fired = await events("main_duration_p95_up");
    expect(fired.map((e) => [e.kind, e.alert.key, e.silentReason, e.deliveries.length])).toEqual([["firing", "main_duration_p95_up:server:main", null, 1]]);
    expect(fired[0]?.title).toBe("server: main pipelines 80% slower (p95) than last week");
    expect(JSON.stringify(fired[0]?.detail)).toContain('"value":"1080 s"');

    // A week on, the slow week is "last week" and this week's runs are quicker: back under.
    for (let d = 14; d < 19; d += 1) await mainRun(d + 0.5, 700);
    await evaluateAt(day(20));
    await evaluateAt(day(20.1));
    expect(await sent("main_duration_p95_up")).toEqual([
      ["firing", null, 1],
      ["resolved", null, 1],
    ]);
  });

  it("decides nothing on fewer than 5 runs in either week", async () => {
    for (let d = 0; d < 5; d += 1) await mainRun(d + 0.5, 600);
    for (let d = 7; d < 11; d += 1) await mainRun(d + 0.5, 3_000);
    await evaluateAt(day(13));
    expect(await events("main_duration_p95_up")).toHaveLength(0);
  });
});

describe("finding age", () => {
  let nextFinding = 0;
  /** An open finding on main first seen at `firstSeenAt`. */
  async function openFinding(severity: "CRITICAL" | "HIGH", firstSeenAt: Date): Promise<string> {
    nextFinding += 1;
    const fingerprint = `fp-${nextFinding}`;
    await world.db.finding.create({
      data: {
        serviceId: world.serverId, tool: "trivy-image", fingerprint, category: "vulnerability", ruleId: `CVE-2026-${nextFinding}`, severity,
        title: `CVE-2026-${nextFinding} in openssl`, location: "openssl@3.0.1", links: [], firstSeenAt, lastSeenAt: firstSeenAt,
        firstPipelineId: 1n, lastPipelineId: 1n, lastJobId: 1n, open: true, dojoFindingUrl: `https://dojo.example/finding/${nextFinding}`,
      },
    });
    return fingerprint;
  }
  const fix = (fingerprint: string, fixedAt: Date) =>
    world.db.finding.update({ where: { serviceId_tool_fingerprint: { serviceId: world.serverId, tool: "trivy-image", fingerprint } }, data: { open: false, fixedAt } });
  const day = (d: number) => new Date(T0.getTime() + d * DAY_MS);

  it("finding_age_near fires within ALERT_FINDING_AGE_WARN_DAYS of the limit and clears when the finding is fixed", async () => {
    const fp = await openFinding("CRITICAL", day(0));
    // Critical: 7 days; warned from day 5.
    await evaluateAt(day(4.9));
    expect(await events("finding_age_near")).toHaveLength(0);
    await evaluateAt(day(5.5));
    await evaluateAt(day(5.6));
    const fired = await events("finding_age_near");
    expect(fired.map((e) => [e.kind, e.alert.key, e.silentReason, e.deliveries.length])).toEqual([["firing", `finding_age_near:server:trivy-image:${fp}`, null, 1]]);
    expect(fired[0]?.title).toContain("critical finding reaches its 7-day limit");
    expect(fired[0]?.eventAt.toISOString()).toBe(day(5).toISOString());
    expect(JSON.stringify(fired[0]?.detail)).toContain("https://dojo.example/finding/");
    expect(await events("finding_age_passed")).toHaveLength(0);

    await fix(fp, day(6));
    await evaluateAt(day(6.1));
    expect(await sent("finding_age_near")).toEqual([
      ["firing", null, 1],
      ["resolved", null, 1],
    ]);
    // Fixed before its limit: it never passes it.
    await evaluateAt(day(8));
    expect(await events("finding_age_passed")).toHaveLength(0);
  });

  it("finding_age_passed fires past the limit (the near alert hands over) and clears when the finding is fixed", async () => {
    const fp = await openFinding("HIGH", day(0));
    // High: 30 days.
    await evaluateAt(day(29));
    expect((await sent("finding_age_near")).map(([kind]) => kind)).toEqual(["firing"]);
    expect(await events("finding_age_passed")).toHaveLength(0);

    await evaluateAt(day(30.5));
    await evaluateAt(day(31));
    const passed = await events("finding_age_passed");
    expect(passed.map((e) => [e.kind, e.alert.key, e.silentReason, e.deliveries.length])).toEqual([["firing", `finding_age_passed:server:trivy-image:${fp}`, null, 1]]);
    expect(passed[0]?.title).toContain("high finding passed its 30-day limit");
    expect(passed[0]?.eventAt.toISOString()).toBe(day(30).toISOString());
    // Past the limit is no longer "near" it.
    expect((await sent("finding_age_near")).map(([kind]) => kind)).toEqual(["firing", "resolved"]);

    await fix(fp, day(32));
    await evaluateAt(day(32.5));
    expect(await sent("finding_age_passed")).toEqual([
      ["firing", null, 1],
      ["resolved", null, 1],
    ]);
  });

  it("a severity without a limit never ages into an alert", async () => {
    await world.db.finding.create({
      data: {
        serviceId: world.serverId, tool: "semgrep", fingerprint: "medium-1", category: "code", ruleId: "r", severity: "MEDIUM", title: "t", location: "a.py:1",
        links: [], firstSeenAt: day(-400), lastSeenAt: day(0), firstPipelineId: 1n, lastPipelineId: 1n, lastJobId: 1n, open: true,
      },
    });
    await evaluateAt(day(1));
    expect(await events("finding_age_passed")).toHaveLength(0);
    expect(await events("finding_age_near")).toHaveLength(0);
  });
});
