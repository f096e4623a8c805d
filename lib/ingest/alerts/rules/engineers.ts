import { Prisma } from "@/lib/platform/db/generated/client";
import { alertKey, type Condition } from "@/lib/domain/alerts";
import { FINAL_RUN, flakyPairs } from "@/lib/domain/metrics/flakes-sql";
import { percentile } from "@/lib/domain/metrics/percentile";
import { TEST_FLAKE_RULE } from "@/lib/domain/metrics/test-flakes";
import { flakyTestCommits, TEST_RAN } from "@/lib/domain/metrics/test-flakes-sql";
import { DAY_MS } from "@/lib/domain/time";
import { pipelineLinks, verdict, type RuleContext, type RuleEvaluator } from "./context";

/*
 * Engineers' rules: main broke, a stage keeps failing on main, a job or a test flakes, main got slower.
 * Every "main pipeline" is a service's own (not a child) pipeline on its main branch that finished.
 */

interface MainRun {
  service: string;
  id: bigint;
  status: string;
  ref: string;
  sha: string;
  webUrl: string;
  at: Date;
}

/** The latest finished (success or failed) main pipeline of each service. */
async function latestMainRuns(ctx: RuleContext): Promise<MainRun[]> {
  return ctx.db.$queryRaw<MainRun[]>`
    SELECT DISTINCT ON (p.service_id) s.name AS service, p.id, p.status, p.ref, p.sha, p.web_url AS "webUrl",
           coalesce(p.finished_at, p.updated_at) AS at
    FROM pipeline p JOIN service s ON s.id = p.service_id
    WHERE p.ref_kind = 'MAIN' AND p.parent_pipeline_id IS NULL AND p.status IN ('success', 'failed')
    ORDER BY p.service_id, p.created_at DESC, p.id DESC`;
}

interface FailedJob {
  pipelineId: bigint;
  stage: string;
  name: string;
  webUrl: string;
  failureReason: string | null;
}

async function failedJobs(ctx: RuleContext, pipelineIds: bigint[]): Promise<FailedJob[]> {
  if (pipelineIds.length === 0) return [];
  return ctx.db.$queryRaw<FailedJob[]>`
    SELECT j.pipeline_id AS "pipelineId", j.stage, j.name, j.web_url AS "webUrl", j.failure_reason AS "failureReason"
    FROM job j
    WHERE j.pipeline_id = ANY(${pipelineIds.map(String)}::bigint[]) AND NOT j.retried AND j.status = 'failed' AND NOT j.allow_failure
    ORDER BY j.id`;
}

/**
 * Which tests failed in a pipeline. Per-test results (issue 13) plug in here: until they are stored,
 * the pipeline's test report summary gives the count only.
 */
async function failedTests(ctx: RuleContext, pipelineId: bigint): Promise<string | null> {
  const p = await ctx.db.pipeline.findUnique({ where: { id: pipelineId }, select: { testsFailed: true, testsErrored: true } });
  const failed = (p?.testsFailed ?? 0) + (p?.testsErrored ?? 0);
  return failed > 0 ? `${failed} test${failed === 1 ? "" : "s"} failed` : null;
}

export const mainPipelineFailed: RuleEvaluator = async (ctx) => {
  const runs = await latestMainRuns(ctx);
  const failed = runs.filter((r) => r.status === "failed");
  const jobs = await failedJobs(ctx, failed.map((r) => r.id));
  const conditions: Condition[] = [];
  for (const run of failed) {
    const mine = jobs.filter((j) => j.pipelineId === run.id);
    const stages = [...new Set(mine.map((j) => j.stage))];
    const tests = await failedTests(ctx, run.id);
    const where = mine.length > 0 ? `${stages.join(", ")}: ${mine.map((j) => j.name).join(", ")}` : "no failed job recorded";
    conditions.push({
      rule: "main_pipeline_failed",
      service: run.service,
      subject: run.ref,
      title: `${run.service}: main pipeline #${run.id} failed in ${stages.join(", ") || "an unknown stage"}`,
      eventAt: run.at,
      detail: {
        message: `The latest ${run.ref} pipeline of ${run.service} failed (${where})${tests ? `; ${tests}` : ""}.`,
        facts: [
          { name: "Stage", value: stages.join(", ") || "unknown" },
          { name: "Job", value: mine.map((j) => j.name + (j.failureReason ? ` (${j.failureReason})` : "")).join(", ") || "unknown" },
          ...(tests ? [{ name: "Tests", value: tests }] : []),
          { name: "Commit", value: run.sha.slice(0, 8) },
        ],
        links: [...pipelineLinks(run.id, run.webUrl), ...mine.slice(0, 3).map((j) => ({ label: `Job log: ${j.name}`, url: j.webUrl, kind: "gitlab" as const }))],
      },
    });
  }
  // A green main pipeline clears, at the moment it finished.
  const clearedAt = new Map(runs.filter((r) => r.status === "success").map((r) => [alertKey("main_pipeline_failed", r.service, r.ref), r.at]));
  return verdict("main_pipeline_failed", ctx, { conditions, clearedAt });
};

/** A stage that failed in each of the last N finished main pipelines of a service. */
export const stageFailingStreak: RuleEvaluator = async (ctx) => {
  const n = ctx.thresholds.stageFailingRuns;
  const rows = await ctx.db.$queryRaw<Array<{ service: string; stage: string; pipelineId: bigint; webUrl: string; at: Date; failed: number }>>`
    WITH recent AS (
      SELECT p.id, p.service_id, p.web_url, coalesce(p.finished_at, p.updated_at) AS at,
             row_number() OVER (PARTITION BY p.service_id ORDER BY p.created_at DESC, p.id DESC) AS rn
      FROM pipeline p
      WHERE p.ref_kind = 'MAIN' AND p.parent_pipeline_id IS NULL AND p.status IN ('success', 'failed')
    )
    SELECT s.name AS service, sr.stage, max(r.id) AS "pipelineId", (array_agg(r.web_url ORDER BY r.rn))[1] AS "webUrl",
           max(r.at) AS at, count(*)::int AS failed
    FROM recent r JOIN service s ON s.id = r.service_id
    JOIN stage_result sr ON sr.pipeline_id = r.id AND sr.status = 'failed'
    WHERE r.rn <= ${n}
    GROUP BY s.name, sr.stage
    HAVING count(*) = ${n}`;
  const conditions: Condition[] = rows.map((r) => ({
    rule: "stage_failing_streak",
    service: r.service,
    subject: r.stage,
    title: `${r.service}: ${r.stage} failed the last ${n} main pipelines`,
    eventAt: r.at,
    detail: {
      message: `Stage ${r.stage} of ${r.service} failed in each of the last ${n} main pipelines.`,
      facts: [{ name: "Stage", value: r.stage }, { name: "Runs in a row", value: String(n) }],
      links: pipelineLinks(r.pipelineId, r.webUrl),
    },
  }));
  return verdict("stage_failing_streak", ctx, { conditions });
};

/**
 * A job's flake rate (the /flaky rule: final attempt succeeded after a failed retried attempt) over the
 * window. Tests have their own rule below, with the same threshold.
 */
export const jobFlaky: RuleEvaluator = async (ctx) => {
  const since = new Date(ctx.now.getTime() - ctx.thresholds.flakeWindowDays * DAY_MS);
  const rows = await ctx.db.$queryRaw<Array<{ service: string; name: string; runs: number; flaked: number; lastFlakeAt: Date }>>`
    WITH runs AS (
      SELECT j.service_id, j.name, count(*)::int AS runs FROM job j
      WHERE j.pipeline_created_at >= ${since} AND ${FINAL_RUN}
      GROUP BY j.service_id, j.name
    ),
    flakes AS (
      SELECT f.service_id, f.name, count(*)::int AS flaked, max(p.updated_at) AS last_flake_at
      FROM (${flakyPairs({ pipelines: Prisma.sql`SELECT id FROM pipeline WHERE created_at >= ${since}`, jobs: Prisma.sql`r.pipeline_created_at >= ${since}` })}) f
      JOIN pipeline p ON p.id = f.pipeline_id
      GROUP BY f.service_id, f.name
    )
    SELECT s.name AS service, r.name, r.runs, f.flaked, f.last_flake_at AS "lastFlakeAt"
    FROM runs r JOIN flakes f ON f.service_id = r.service_id AND f.name = r.name JOIN service s ON s.id = r.service_id
    WHERE r.runs >= ${ctx.thresholds.flakeMinRuns} AND f.flaked * 100 > ${ctx.thresholds.flakeRatePercent} * r.runs`;
  const conditions: Condition[] = rows.map((r) => {
    const rate = Math.round((r.flaked / r.runs) * 100);
    return {
      rule: "job_flaky",
      service: r.service,
      subject: `job:${r.name}`,
      title: `${r.service}: job ${r.name} flakes in ${rate}% of runs`,
      // The flake that counted last: a rate reached during the history is history.
      eventAt: r.lastFlakeAt,
      detail: {
        message: `${r.name} of ${r.service} failed and then passed on retry in ${r.flaked} of ${r.runs} runs over ${ctx.thresholds.flakeWindowDays} days (threshold ${ctx.thresholds.flakeRatePercent}%).`,
        facts: [{ name: "Job", value: r.name }, { name: "Flake rate", value: `${rate}%` }],
        links: [{ label: "Flaky jobs", url: "/flaky", kind: "stageboard" }],
      },
    };
  });
  return verdict("job_flaky", ctx, { conditions });
};

/**
 * A test's flake rate over the window, by the tests' flake rule (lib/domain/metrics/test-flakes.ts, the
 * one /tests and a test's page show): commits that both failed and passed it / commits it ran on, with
 * the job rule's threshold and minimum runs. It starts from the window's flakes (test_failure, few) and
 * counts the runs of those tests only, an index range each: never a scan of test_result.
 */
export const testFlaky: RuleEvaluator = async (ctx) => {
  const since = new Date(ctx.now.getTime() - ctx.thresholds.flakeWindowDays * DAY_MS);
  const rows = await ctx.db.$queryRaw<
    Array<{ service: string; id: number; suite: string; classname: string; name: string; runs: number; flaked: number; lastFlakeAt: Date }>
  >`
    WITH pairs AS (${flakyTestCommits(Prisma.sql`p.created_at >= ${since}`)}),
    flaky AS (SELECT test_case_id, count(*)::int AS flaked FROM pairs GROUP BY test_case_id),
    ran AS (
      SELECT r.test_case_id, p.sha, p.updated_at FROM test_result r JOIN pipeline p ON p.id = r.pipeline_id
      WHERE r.test_case_id IN (SELECT test_case_id FROM flaky) AND p.created_at >= ${since} AND ${TEST_RAN}
      UNION ALL
      -- A failure a retry then passed is a run too (testFlakeStats' failedEarlier).
      SELECT f.test_case_id, p.sha, p.updated_at FROM test_failure f JOIN pipeline p ON p.id = f.pipeline_id
      WHERE f.test_case_id IN (SELECT test_case_id FROM flaky) AND p.created_at >= ${since}
    ),
    runs AS (
      SELECT x.test_case_id, count(DISTINCT x.sha)::int AS runs, max(x.updated_at) FILTER (WHERE k.sha IS NOT NULL) AS last_flake_at
      FROM ran x LEFT JOIN pairs k ON k.test_case_id = x.test_case_id AND k.sha = x.sha
      GROUP BY x.test_case_id
    )
    SELECT s.name AS service, c.id, c.suite, c.classname, c.name, r.runs, f.flaked, r.last_flake_at AS "lastFlakeAt"
    FROM flaky f JOIN runs r ON r.test_case_id = f.test_case_id
    JOIN test_case c ON c.id = f.test_case_id JOIN service s ON s.id = c.service_id
    WHERE r.runs >= ${ctx.thresholds.flakeMinRuns} AND f.flaked * 100 > ${ctx.thresholds.flakeRatePercent} * r.runs`;
  const conditions: Condition[] = rows.map((r) => {
    const rate = Math.round((r.flaked / r.runs) * 100);
    return {
      rule: "test_flaky",
      service: r.service,
      subject: `test:${r.suite}/${r.classname}/${r.name}`,
      title: `${r.service}: test ${r.name} flakes on ${rate}% of commits`.slice(0, 300),
      // The commit that flaked last: a rate reached during the history is history.
      eventAt: r.lastFlakeAt,
      detail: {
        message: `${r.classname} ${r.name} (${r.suite}) of ${r.service} both failed and passed on ${r.flaked} of the ${r.runs} commits it ran on over ${ctx.thresholds.flakeWindowDays} days (threshold ${ctx.thresholds.flakeRatePercent}%). ${TEST_FLAKE_RULE}`,
        facts: [
          { name: "Test", value: `${r.classname} ${r.name}` },
          { name: "Suite", value: r.suite },
          { name: "Flake rate", value: `${rate}%` },
        ],
        links: [{ label: "Test in Stageboard", url: `/tests/${r.id}`, kind: "stageboard" }],
      },
    };
  });
  return verdict("test_flaky", ctx, { conditions });
};

/** p95 duration of main pipelines in the last 7 days against the 7 before, up by more than the threshold. */
export const mainDurationP95Up: RuleEvaluator = async (ctx) => {
  const weekAgo = new Date(ctx.now.getTime() - 7 * DAY_MS);
  const twoWeeksAgo = new Date(ctx.now.getTime() - 14 * DAY_MS);
  const rows = await ctx.db.$queryRaw<Array<{ service: string; thisWeek: boolean; duration: number; at: Date }>>`
    SELECT s.name AS service, p.created_at >= ${weekAgo} AS "thisWeek", p.duration, p.updated_at AS at
    FROM pipeline p JOIN service s ON s.id = p.service_id
    WHERE p.ref_kind = 'MAIN' AND p.parent_pipeline_id IS NULL AND p.status = 'success' AND p.duration IS NOT NULL
      AND p.created_at >= ${twoWeeksAgo} AND p.created_at <= ${ctx.now}`;
  const conditions: Condition[] = [];
  for (const service of ctx.services) {
    const mine = rows.filter((r) => r.service === service);
    const now = mine.filter((r) => r.thisWeek).map((r) => r.duration);
    const before = mine.filter((r) => !r.thisWeek).map((r) => r.duration);
    // Too few runs make a p95 noise.
    if (now.length < 5 || before.length < 5) continue;
    const p95Now = Math.round(percentile(now, 0.95) ?? 0);
    const p95Before = Math.round(percentile(before, 0.95) ?? 0);
    if (p95Before <= 0 || p95Now <= p95Before * (1 + ctx.thresholds.durationP95IncreasePercent / 100)) continue;
    const up = Math.round((p95Now / p95Before - 1) * 100);
    conditions.push({
      rule: "main_duration_p95_up",
      service,
      subject: "main",
      title: `${service}: main pipelines ${up}% slower (p95) than last week`,
      // The latest run measured: a slowdown already there in the history is history.
      eventAt: new Date(Math.max(...mine.filter((r) => r.thisWeek).map((r) => r.at.getTime()))),
      detail: {
        message: `p95 duration of ${service}'s main pipelines is ${Math.round(p95Now / 60)} min this week against ${Math.round(p95Before / 60)} min the week before (+${up}%, threshold ${ctx.thresholds.durationP95IncreasePercent}%).`,
        facts: [{ name: "p95 now", value: `${p95Now} s` }, { name: "p95 last week", value: `${p95Before} s` }],
        links: [{ label: `${service} in Stageboard`, url: `/services/${encodeURIComponent(service)}`, kind: "stageboard" }],
      },
    });
  }
  return verdict("main_duration_p95_up", ctx, { conditions });
};
