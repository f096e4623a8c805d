import { ARTIFACTS } from "@/lib/domain/cwiq";
import type { ServiceConfig } from "@/lib/platform/config";
import { UpstreamError } from "@/lib/upstream/transport";
import type { ProjectSyncResult, ProjectTarget, SyncContext } from "./context";
import { recordCycleMetrics } from "./cycle-metrics";
import { openCursor, type CursorHandle, type CursorName, type StepCursor } from "./cursors";
import { backfilledProject, ensureService, finishBackfill, resolveProject } from "./project";
import { DEFAULT_ARTIFACT_BUDGET, fillArtifacts } from "./steps/artifacts";
import { checkCiConfigFile, ciConfigDue } from "./steps/ci-config";
import { deploymentsDue, syncDeployments } from "./steps/deployments";
import { DEFAULT_TIMINGS_BUDGET, fillPipelineTimings } from "./steps/pipeline-timings";
import { DEFAULT_MERGE_REQUEST_BUDGET, fillMergeRequests } from "./steps/merge-requests";
import { syncPipelines } from "./steps/pipelines";
import { refreshPipelineFindings } from "./steps/rule-findings";
import { linkSecurity } from "./steps/security-links";
import { DEFAULT_TEST_REPORT_BUDGET, fillTestReports } from "./steps/test-reports";
import { syncQueuedEvents } from "./steps/webhook-events";
import { recordAttempt, recordFailure, recordSuccess } from "./sync-state";
import { pendingWebhookEvents } from "./webhooks/queue";
import { errorMessage } from "@/lib/domain/error-message";

/*
 * One sync cycle of one project: the steps below, in this order. A poll runs them all, the first
 * backfill's too, so every page has its data after one cycle (webhook events, not: the backfill reads
 * what they name); between polls a webhook cycle runs them for a project with queued events, without
 * the pipeline listing. Adding a step is one line here plus the step's own module.
 */

/** A poll asks GitLab for everything that moved; a webhook cycle only for what hooks announced. */
export type CycleKind = "poll" | "webhook";

export interface StepOutcome {
  pipelines?: number;
  jobs?: number;
  /** Items a budgeted step took; as many as its budget means more wait for the next cycles. */
  taken?: number;
  /** A passing failure, recorded once every other step has stored what it could. */
  deferred?: unknown;
}

/** What the cycle has done before a step runs. */
interface CycleSoFar {
  kind: CycleKind;
  pipelinesChanged: number;
}

interface StepInput {
  cursor: CursorHandle | null;
  budget: number;
}

export interface SyncStep {
  name: string;
  runsIn: readonly CycleKind[];
  /** Skipped while the first backfill runs: the backfill reads everything the step would. */
  afterBackfill?: boolean;
  /** In a poll, a failure is logged and the cycle goes on (the poll covers what the step missed). */
  optional?: boolean;
  /** The step's position between cycles, kept in sync_cursor. */
  cursor?: CursorName;
  /** Items the step may take per cycle, so a backfill catches up over several cycles. */
  budget?: (ctx: SyncContext, cycle: CycleSoFar) => number;
  /** Whether the step has work now; a step that is not due costs no request. */
  due?: (ctx: SyncContext, project: ProjectTarget, cursor: StepCursor) => Promise<boolean>;
  run(ctx: SyncContext, project: ProjectTarget, input: StepInput): Promise<StepOutcome | void>;
}

const BOTH: readonly CycleKind[] = ["poll", "webhook"];

/**
 * A step's budget in a poll; in a webhook cycle, `perPipeline` items for each pipeline the hooks
 * changed. Every step reads newest first, so that covers the announced pipelines, and the backfill's
 * catch-up stays with the polls instead of spending the rate limit once per hook.
 */
const catchUp =
  (poll: (ctx: SyncContext) => number, perPipeline: (ctx: SyncContext) => number = () => 1) =>
  (ctx: SyncContext, { kind, pipelinesChanged }: CycleSoFar): number =>
    kind === "poll" ? poll(ctx) : Math.min(poll(ctx), perPipeline(ctx) * pipelinesChanged);

export const SYNC_CYCLE: readonly SyncStep[] = [
  { name: "webhook events", runsIn: BOTH, afterBackfill: true, optional: true, run: syncQueuedEvents },
  { name: "pipelines and jobs", runsIn: ["poll"], cursor: "pipelines", run: (ctx, p, { cursor }) => syncPipelines(ctx, p, need(cursor)) },
  {
    name: "merge requests",
    runsIn: BOTH,
    budget: catchUp(() => DEFAULT_MERGE_REQUEST_BUDGET),
    run: async (ctx, p, { budget }) => ({ taken: await fillMergeRequests(ctx, p, budget) }),
  },
  {
    name: "scan artifacts",
    runsIn: BOTH,
    budget: catchUp(
      (ctx) => ctx.artifactBudget ?? DEFAULT_ARTIFACT_BUDGET,
      (ctx) => (ctx.artifacts ?? ARTIFACTS).length,
    ),
    run: async (ctx, p, { budget }) => {
      const { taken, error } = await fillArtifacts(ctx, p, budget);
      return { taken, deferred: error };
    },
  },
  { name: "SonarQube and DefectDojo links", runsIn: BOTH, run: linkSecurity },
  {
    name: "GitLab's pipeline timings",
    runsIn: BOTH,
    budget: catchUp((ctx) => ctx.timingsBudget ?? DEFAULT_TIMINGS_BUDGET),
    run: async (ctx, p, { budget }) => ({ taken: await fillPipelineTimings(ctx, p, budget) }),
  },
  {
    name: "dev deployments",
    runsIn: BOTH,
    cursor: "deployments",
    due: deploymentsDue,
    run: async (ctx, p, { cursor }) => void (await syncDeployments(ctx, p, need(cursor))),
  },
  { name: "CI file and environments", runsIn: BOTH, due: ciConfigDue, run: checkCiConfigFile },
  {
    name: "rule findings",
    runsIn: BOTH,
    cursor: "rule-findings",
    run: async (ctx, p, { cursor }) => void (await refreshPipelineFindings(ctx.db, p.serviceId, need(cursor))),
  },
  // Last: a hundred full reports are the cycle's bulkiest work, and everything above is small beside them.
  {
    name: "test reports",
    runsIn: BOTH,
    budget: catchUp((ctx) => ctx.testReportBudget ?? DEFAULT_TEST_REPORT_BUDGET),
    run: async (ctx, p, { budget }) => ({ taken: (await fillTestReports(ctx, p, budget)).requested }),
  },
];

function need(cursor: CursorHandle | null): CursorHandle {
  if (!cursor) throw new Error("a step that keeps a cursor was run without one");
  return cursor;
}

const NO_CURSOR: StepCursor = { position: null, checkedAt: null };
const isStop = (error: unknown) => error instanceof UpstreamError && error.kind === "aborted";

/** Runs the steps of `kind` in order, adding what they stored to `result`; the first deferred failure is returned. */
async function runSteps(ctx: SyncContext, project: ProjectTarget, kind: CycleKind, result: ProjectSyncResult): Promise<unknown> {
  let deferred: unknown;
  for (const step of SYNC_CYCLE) {
    if (!step.runsIn.includes(kind) || (step.afterBackfill && project.backfilling)) continue;
    try {
      const cursor = step.cursor ? await openCursor(ctx.db, project.serviceId, step.cursor) : null;
      if (step.due && !(await step.due(ctx, project, cursor?.value ?? NO_CURSOR))) continue;
      const started = performance.now();
      const budget = step.budget?.(ctx, { kind, pipelinesChanged: result.pipelinesChanged }) ?? Infinity;
      const outcome = await step.run(ctx, project, { cursor, budget });
      if (budget > 0 && (outcome?.taken ?? 0) >= budget) result.catchingUp = true;
      ctx.logger.trace({ service: project.service, step: step.name, ms: Math.round(performance.now() - started) }, "sync step done");
      result.pipelinesChanged += outcome?.pipelines ?? 0;
      result.jobsStored += outcome?.jobs ?? 0;
      deferred ??= outcome?.deferred;
      // News from these pipelines goes out before the slower steps below; a backfill's is history.
      if ((outcome?.pipelines ?? 0) > 0 && !project.backfilling) await ctx.pipelinesStored?.();
    } catch (error) {
      if (kind !== "poll" || !step.optional || isStop(error)) throw error;
      ctx.logger.warn({ service: project.service, step: step.name, err: errorMessage(error) }, "sync step failed; the poll goes on");
    }
  }
  return deferred;
}

/**
 * One poll of one project: backfill the window on first run, then what GitLab says changed since the
 * cursors, with every follow-up. The outcome (success, or the problem and its kind) is recorded on the
 * service's sync state, which the pages show; what was stored before a failure stays.
 */
export async function pollProject(ctx: SyncContext, config: ServiceConfig): Promise<ProjectSyncResult> {
  const { db, logger } = ctx;
  const now = ctx.now ?? (() => new Date());
  const startRequests = ctx.requestCount?.() ?? 0;
  const service = await ensureService(db, config);
  const result: ProjectSyncResult = { service: config.name, ok: false, pipelinesChanged: 0, jobsStored: 0 };
  const started = performance.now();
  await recordAttempt(db, service.id, now());
  try {
    const project = await resolveProject(ctx, config, service);
    const deferred = await runSteps(ctx, project, "poll", result);
    if (project.backfilling) await finishBackfill(db, service.id);
    // Everything else is stored; an artifact that could not be fetched makes the cycle count as failed.
    if (deferred) throw deferred;
    await recordSuccess(db, service.id, now(), (ctx.requestCount?.() ?? 0) - startRequests);
    result.ok = true;
    logger.debug({ service: config.name, changed: result.pipelinesChanged }, "project synced");
  } catch (error) {
    result.error = error;
    // Stopping mid-cycle is not a sync problem worth showing.
    if (isStop(error)) return result;
    await recordFailure(db, service.id, now(), error).catch((e: unknown) => logger.error({ service: config.name, err: e }, "could not record the sync failure"));
    logger.warn({ service: config.name, err: errorMessage(error) }, "project sync failed");
  }
  await recordCycleMetrics(db, service.id, config.name, { ok: result.ok, seconds: (performance.now() - started) / 1000, at: now() }).catch((e: unknown) =>
    logger.warn({ service: config.name, err: errorMessage(e) }, "could not record the cycle's metrics"),
  );
  return result;
}

/**
 * Between polls: a project with queued webhook events gets the cycle without the pipeline listing. A
 * failure leaves what is left for the next cycle and is not recorded on the page: the next poll does that.
 */
export async function syncWebhookProject(ctx: SyncContext, config: ServiceConfig): Promise<ProjectSyncResult> {
  const result: ProjectSyncResult = { service: config.name, ok: true, pipelinesChanged: 0, jobsStored: 0 };
  const project = await backfilledProject(ctx.db, config);
  if (!project || (await pendingWebhookEvents(ctx.db, project.projectId, 1)).length === 0) return result;
  try {
    const deferred = await runSteps(ctx, project, "webhook", result);
    if (deferred) throw deferred;
  } catch (error) {
    result.ok = false;
    result.error = error;
    if (!isStop(error)) ctx.logger.warn({ service: config.name, err: errorMessage(error) }, "webhook events not fully synced yet");
  }
  return result;
}
