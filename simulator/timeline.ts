import type { PipelineTransition, PlannedJob } from "./plan";
import { Rng } from "./random";
import { RUNNERS } from "./catalog";
import { STAGES } from "@/lib/domain/cwiq";
import type { ChildPipelineSpec } from "./child-pipelines";
import { jobsForRef, type JobSpec, type RefKind } from "./rules";
import { chooseDeliveryScenario, type DeliveryScenario, type JobFailure, type Scenario } from "./scenario";
import { jobStatusAt, isLatestAt } from "./state";
import { compositeFromBits, FINISHING_STATUSES, STATUS_BIT_COUNT, statusBit, type JobStatus } from "./status";

/**
 * Plans every state change of one pipeline's jobs, the way GitLab processes stages: jobs of a stage run
 * in parallel, the next stage is enqueued when the stage completed without a blocking failure, and
 * after a blocking failure the later jobs are skipped once the failing stage has completed.
 */
export interface TimelineInput {
  createdAt: number;
  specs: readonly JobSpec[];
  scenario: Scenario;
  rng: Rng;
  /** Coverage the test job reports when it passes. */
  coverage: number;
  /** Child pipelines the pipeline starts from trigger jobs. */
  children?: readonly ChildPipelineSpec[];
  /** False for a child pipeline: the CWIQ templates' delivery events and rule breaks are not its own. */
  templates?: boolean;
}

export interface Timeline {
  /** The jobs GitLab's jobs list has: trigger jobs are in `bridges`. */
  jobs: PlannedJob[];
  transitions: PipelineTransition[];
  firstRunningAt: number | null;
  settledAt: number;
  bridges: TriggerTimeline[];
}

export interface ChildTimeline extends Timeline {
  createdAt: number;
}

/** A trigger job and the child pipeline it started (null when the parent never got that far). */
export interface TriggerTimeline {
  job: PlannedJob;
  child: ChildTimeline | null;
}

/** Nothing rare happens: the delivery scenario of a pipeline that is not the templates' own. */
const NO_DELIVERY: DeliveryScenario = {
  dropScan: false,
  branchPush: false,
  tagWithoutRelease: false,
  autoDeployBranch: false,
  blockingManualDeploy: false,
  rebuildAfterMs: null,
  redeploy: null,
};

function newJob(spec: JobSpec, createdAt: number, rng: Rng, bridge = false): PlannedJob {
  return {
    id: 0,
    name: spec.name,
    stage: spec.stage,
    allowFailure: spec.allowFailure,
    manual: spec.manual,
    durationS: spec.durationS,
    artifacts: spec.artifacts,
    createdAt,
    retriedAt: Infinity,
    transitions: [{ at: createdAt, status: "created" }],
    queuedAt: null,
    startedAt: null,
    finishedAt: null,
    finalStatus: "created",
    failureReason: null,
    coverage: null,
    // A trigger job runs on no runner (and draws nothing, so the rest of the pipeline draws as before).
    runnerIndex: bridge ? 0 : spec.name === "build-push" ? RUNNERS.length - 1 : rng.int(0, RUNNERS.length - 2),
  };
}

/** A new attempt of a failed job; GitLab clones it with a fresh id and leaves the old one as retried. */
function retryOf(job: PlannedJob, createdAt: number, rng: Rng): PlannedJob {
  job.retriedAt = createdAt;
  return {
    ...job,
    id: 0,
    createdAt,
    retriedAt: Infinity,
    transitions: [{ at: createdAt, status: "created" }],
    failureReason: null,
    runnerIndex: rng.int(0, RUNNERS.length - 2),
  };
}

function push(job: PlannedJob, at: number, status: JobStatus): void {
  job.transitions.push({ at, status });
}

/** Queue time before a runner picks the job: mostly seconds, sometimes minutes when runners are busy. */
function queueDelayMs(rng: Rng): number {
  const roll = rng.next();
  if (roll < 0.88) return Math.round(1000 + 29_000 * rng.next() ** 2);
  if (roll < 0.98) return rng.int(30_000, 180_000);
  return rng.int(180_000, 720_000);
}

/** Pause between a stage completing and GitLab enqueuing the next one. */
function processingLagMs(rng: Rng): number {
  return rng.int(150, 1800);
}

/** Runs one attempt from `readyAt`; returns when it finishes. */
function run(job: PlannedJob, readyAt: number, failure: JobFailure | null, rng: Rng): number {
  const startedAt = readyAt + queueDelayMs(rng);
  const plannedMs = rng.int(job.durationS[0] * 1000, job.durationS[1] * 1000);
  const runMs = failure ? Math.max(4000, Math.round(plannedMs * failure.atFraction)) : plannedMs;
  const finishedAt = startedAt + runMs;
  push(job, readyAt, "pending");
  push(job, startedAt, "running");
  push(job, finishedAt, failure ? "failed" : "success");
  job.failureReason = failure ? failure.reason : null;
  return finishedAt;
}

/** Each trigger job goes after the last job of its stage, as the templates' include order puts it. */
function withTriggers(specs: readonly JobSpec[], children: readonly ChildPipelineSpec[]): Array<{ spec: JobSpec; child?: ChildPipelineSpec }> {
  const out: Array<{ spec: JobSpec; child?: ChildPipelineSpec }> = specs.map((spec) => ({ spec }));
  for (const child of children) {
    const stage = STAGES.indexOf(child.trigger.stage);
    const at = out.findIndex((entry) => STAGES.indexOf(entry.spec.stage) > stage);
    out.splice(at === -1 ? out.length : at, 0, { spec: child.trigger, child });
  }
  return out;
}

interface Trigger {
  spec: ChildPipelineSpec;
  child: ChildTimeline | null;
}

/**
 * A trigger job whose stage is ready: GitLab creates the child pipeline moments later and the job runs
 * until the child has finished, then takes its status. Returns when the trigger job finishes.
 */
function runTrigger(job: PlannedJob, trigger: Trigger, readyAt: number, kind: RefKind): number {
  // The child draws from a stream of its own, so the parent's draws stay as they were.
  const rng = Rng.derive("child-pipeline", readyAt);
  const createdAt = readyAt + rng.int(400, 2500);
  const scenario: Scenario = {
    failures: trigger.spec.failures(kind, rng),
    flaky: "none",
    manualRetryDelayMs: 0,
    cancelAtFraction: null,
    playManual: null,
    refKind: kind,
  };
  const child = buildTimeline({ createdAt, specs: trigger.spec.jobs, scenario, rng, coverage: 0, templates: false });
  trigger.child = { ...child, createdAt };
  const final = child.transitions[child.transitions.length - 1]?.status;
  const end = child.settledAt + rng.int(50, 900);
  push(job, readyAt, "pending");
  push(job, createdAt, "running");
  push(job, end, final === "success" ? "success" : final === "canceled" ? "canceled" : "failed");
  return end;
}

/** Cancels a child pipeline with its parent at x: one not created by then never is. */
function cancelChild(trigger: Trigger, x: number): void {
  const child = trigger.child;
  if (!child || child.settledAt <= x) return;
  if (child.createdAt > x) {
    trigger.child = null;
    return;
  }
  const jobs = cancelAt(child.jobs, x);
  for (const job of jobs) finalizeJob(job, 0);
  const transitions = derivePipelineTransitions(jobs);
  trigger.child = {
    ...child,
    jobs,
    transitions,
    firstRunningAt: transitions.find((tr) => tr.status === "running")?.at ?? null,
    settledAt: Math.max(lastTransitionAt(jobs), transitions[transitions.length - 1]?.at ?? child.createdAt),
  };
}

function groupByStage(jobs: PlannedJob[]): PlannedJob[][] {
  const groups: PlannedJob[][] = STAGES.map(() => []);
  for (const job of jobs) groups[STAGES.indexOf(job.stage)]?.push(job);
  return groups.filter((group) => group.length > 0);
}

function lastTransitionAt(jobs: readonly PlannedJob[]): number {
  let last = 0;
  for (const job of jobs) last = Math.max(last, job.transitions[job.transitions.length - 1]?.at ?? 0);
  return last;
}

/** Derives queued/started/finished times and the final status from the transitions. */
function finalizeJob(job: PlannedJob, coverage: number): void {
  job.queuedAt = null;
  job.startedAt = null;
  for (const tr of job.transitions) {
    if (tr.status === "pending") job.queuedAt = tr.at;
    if (tr.status === "running") job.startedAt = tr.at;
  }
  const last = job.transitions[job.transitions.length - 1];
  job.finalStatus = last?.status ?? "created";
  job.finishedAt = last && FINISHING_STATUSES.has(last.status) ? last.at : null;
  if (job.finalStatus !== "failed") job.failureReason = null;
  job.coverage = job.name === "test" && job.finalStatus === "success" ? coverage : null;
}

/** Seconds covered by the running periods of the latest jobs at time t (GitLab's pipeline duration). */
function runningUnionSeconds(jobs: readonly PlannedJob[], t: number): number {
  const periods: Array<[number, number]> = [];
  for (const job of jobs) {
    if (!isLatestAt(job, t) || job.startedAt === null || job.startedAt > t) continue;
    const end = job.finishedAt !== null && job.finishedAt <= t ? job.finishedAt : t;
    periods.push([job.startedAt, end]);
  }
  periods.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let from = -Infinity;
  let to = -Infinity;
  for (const [start, end] of periods) {
    if (start > to) {
      if (to > from) total += to - from;
      from = start;
      to = end;
    } else if (end > to) {
      to = end;
    }
  }
  if (to > from) total += to - from;
  return Math.floor(total / 1000);
}

/**
 * Pipeline status over time: GitLab's composite status of the latest jobs after every job state change.
 * A sweep over all job events keeps a count per status bit, so each event costs O(1); flat arrays keep
 * this hot path (every pipeline, at generation) light on allocations.
 */
function derivePipelineTransitions(jobs: readonly PlannedJob[]): PipelineTransition[] {
  let size = 0;
  for (const job of jobs) size += job.transitions.length + (job.retriedAt === Infinity ? 0 : 1);
  const times = new Float64Array(size);
  const jobOf = new Int32Array(size);
  const bitOf = new Int32Array(size); // 0 = the job no longer counts (a newer attempt replaced it)
  let n = 0;
  jobs.forEach((job, index) => {
    for (const tr of job.transitions) {
      times[n] = tr.at;
      jobOf[n] = index;
      bitOf[n++] = statusBit(tr.status, job.allowFailure);
    }
    if (job.retriedAt !== Infinity) {
      times[n] = job.retriedAt;
      jobOf[n] = index;
      bitOf[n++] = 0;
    }
  });
  // Ties keep insertion order, so a job's own events stay in sequence.
  const order = new Array<number>(size);
  for (let i = 0; i < size; i++) order[i] = i;
  order.sort((a, b) => (times[a] ?? 0) - (times[b] ?? 0) || a - b);

  const current = new Int32Array(jobs.length);
  const counts = new Int32Array(STATUS_BIT_COUNT);
  const transitions: PipelineTransition[] = [];
  let previous: string | null = null;
  for (let k = 0; k < size; ) {
    const at = times[order[k] ?? 0] ?? 0;
    for (; k < size && times[order[k] ?? 0] === at; k++) {
      const e = order[k] ?? 0;
      const job = jobOf[e] ?? 0;
      const old = current[job] ?? 0;
      const bit = bitOf[e] ?? 0;
      // Status bits are powers of two; clz32 turns one into its counter slot.
      if (old) counts[31 - Math.clz32(old)] = (counts[31 - Math.clz32(old)] ?? 0) - 1;
      if (bit) counts[31 - Math.clz32(bit)] = (counts[31 - Math.clz32(bit)] ?? 0) + 1;
      current[job] = bit;
    }
    let bits = 0;
    for (let b = 0; b < STATUS_BIT_COUNT; b++) if ((counts[b] ?? 0) > 0) bits |= 1 << b;
    const status = compositeFromBits(bits);
    if (status === null || status === previous) continue;
    previous = status;
    transitions.push({ at, status, durationS: FINISHING_STATUSES.has(status) ? runningUnionSeconds(jobs, at) : null });
  }
  return transitions;
}

/** Cancels everything still cancelable at time x; attempts created later never happen. */
function cancelAt(jobs: PlannedJob[], x: number): PlannedJob[] {
  const kept = jobs.filter((job) => job.createdAt <= x);
  for (const job of kept) {
    const status = jobStatusAt(job, x);
    job.transitions = job.transitions.filter((tr) => tr.at <= x);
    if (job.retriedAt > x) job.retriedAt = Infinity;
    if (status === "created" || status === "pending" || status === "running") push(job, x, "canceled");
  }
  return kept;
}

/** The templates as a rule-breaking pipeline ran them (see DeliveryScenario). */
function applyRuleBreaks(specs: readonly JobSpec[], d: DeliveryScenario): readonly JobSpec[] {
  let out = specs;
  if (d.dropScan) out = out.filter((spec) => spec.stage !== "scan");
  if (d.tagWithoutRelease) out = out.filter((spec) => spec.name !== "release");
  if (d.autoDeployBranch) out = out.map((spec) => (spec.name === "deploy-dev" ? { ...spec, manual: false, allowFailure: false } : spec));
  else if (d.blockingManualDeploy) out = out.map((spec) => (spec.name === "deploy-dev" ? { ...spec, manual: true, allowFailure: false } : spec));
  const pushLatest = jobsForRef("main").find((spec) => spec.name === "push-latest");
  if (d.branchPush && pushLatest) {
    const at = out.findIndex((spec) => spec.stage === "build") + 1;
    out = [...out.slice(0, at), pushLatest, ...out.slice(at)];
  }
  return out;
}

const lastStatus = (job: PlannedJob): JobStatus | undefined => job.transitions[job.transitions.length - 1]?.status;

/**
 * Later hands on a settled main pipeline: a retried build-push after its downstream jobs already
 * used the first build, and a re-run of deploy-dev (then migrate-dev and verify-dev) days later,
 * when newer pipelines have deployed since: dev then runs an older pipeline.
 */
function replayDelivery(originals: PlannedJob[], retries: PlannedJob[], d: DeliveryScenario, createdAt: number): void {
  const rng = Rng.derive("delivery-run", createdAt);
  const latest = (name: string) => originals.concat(retries).find((job) => job.name === name && job.retriedAt === Infinity);
  const build = latest("build-push");
  const deploy = latest("deploy-dev");
  if (d.rebuildAfterMs !== null && build && deploy && lastStatus(build) === "success" && lastStatus(deploy) === "success") {
    const attempt = retryOf(build, lastTransitionAt(originals.concat(retries)) + d.rebuildAfterMs, rng);
    retries.push(attempt);
    run(attempt, attempt.createdAt + rng.int(500, 20_000), null, rng);
  }
  if (d.redeploy && deploy && lastStatus(deploy) === "success") {
    let at = lastTransitionAt(originals.concat(retries)) + d.redeploy.afterMs;
    for (const name of ["deploy-dev", "migrate-dev", "verify-dev"]) {
      const previous = latest(name);
      if (!previous) break;
      const attempt = retryOf(previous, at, rng);
      retries.push(attempt);
      const fails = name === "verify-dev" && d.redeploy.verifyFails;
      at = run(attempt, at + rng.int(500, 5000), fails ? { reason: "script_failure", atFraction: 0.5 } : null, rng) + processingLagMs(rng);
    }
  }
}

export function buildTimeline(input: TimelineInput): Timeline {
  const { createdAt, scenario, rng, coverage } = input;
  const delivery = input.templates === false ? NO_DELIVERY : chooseDeliveryScenario(scenario.refKind, createdAt);
  const specs = withTriggers(applyRuleBreaks(input.specs, delivery), input.children ?? []);
  const triggers = new Map<PlannedJob, Trigger>();
  const originals = specs.map(({ spec, child }) => {
    const job = newJob(spec, createdAt, rng, child !== undefined);
    if (child) triggers.set(job, { spec: child, child: null });
    return job;
  });
  const retries: PlannedJob[] = [];
  // Later stages wait for earlier ones; a manual retry un-skips them (GitLab resets skipped jobs to created).
  const resets: Array<{ skippedAt: number; recreatedAt: number }> = [];
  let ready = createdAt + rng.int(300, 2500);
  let blockedAt: number | null = null;

  for (const group of groupByStage(originals)) {
    for (const reset of resets) {
      for (const job of group) {
        push(job, reset.skippedAt, "skipped");
        push(job, reset.recreatedAt, "created");
      }
    }
    if (blockedAt !== null) {
      for (const job of group) push(job, blockedAt, "skipped");
      continue;
    }

    let stageEnd = ready;
    const blocking: PlannedJob[] = [];
    let awaitingManualRetry: PlannedJob | null = null;
    for (const job of group) {
      const trigger = triggers.get(job);
      if (trigger) {
        const end = runTrigger(job, trigger, ready, scenario.refKind);
        if (lastStatus(job) === "failed" && !job.allowFailure) blocking.push(job);
        stageEnd = Math.max(stageEnd, end);
        continue;
      }
      if (job.manual) {
        push(job, ready, "manual");
        continue;
      }
      let end: number;
      if (job.name === "integration-test" && scenario.flaky !== "none") {
        const reason = scenario.flaky === "auto-retry" ? "runner_system_failure" : "script_failure";
        end = run(job, ready, { reason, atFraction: rng.float(0.2, 0.9) }, rng);
        if (scenario.flaky === "auto-retry") {
          const attempt = retryOf(job, end + rng.int(150, 900), rng);
          retries.push(attempt);
          end = run(attempt, attempt.createdAt + rng.int(5, 400), null, rng);
        } else {
          blocking.push(job);
          if (scenario.flaky === "manual-retry") awaitingManualRetry = job;
        }
      } else {
        const failure = scenario.failures.get(job.name) ?? null;
        end = run(job, ready, failure, rng);
        if (failure && !job.allowFailure) blocking.push(job);
      }
      stageEnd = Math.max(stageEnd, end);
    }

    if (blocking.length === 0) {
      ready = stageEnd + processingLagMs(rng);
    } else if (awaitingManualRetry && blocking.length === 1) {
      const retryAt = stageEnd + scenario.manualRetryDelayMs;
      resets.push({ skippedAt: stageEnd, recreatedAt: retryAt });
      const attempt = retryOf(awaitingManualRetry, retryAt, rng);
      retries.push(attempt);
      ready = run(attempt, retryAt + rng.int(100, 800), null, rng) + processingLagMs(rng);
    } else {
      blockedAt = stageEnd;
    }
  }

  if (scenario.playManual) {
    const playAt = lastTransitionAt(originals.concat(retries)) + scenario.playManual.delayMs;
    for (const job of originals) {
      if (job.manual && job.transitions[job.transitions.length - 1]?.status === "manual") {
        run(job, playAt, scenario.playManual.fails ? { reason: "script_failure", atFraction: rng.float(0.3, 0.9) } : null, rng);
      }
    }
  }

  replayDelivery(originals, retries, delivery, createdAt);

  let jobs = originals.concat(retries.sort((a, b) => a.createdAt - b.createdAt));
  for (const job of jobs) finalizeJob(job, coverage);
  let transitions = derivePipelineTransitions(jobs);

  if (scenario.cancelAtFraction !== null) {
    const firstCompletion = transitions.find((tr) => FINISHING_STATUSES.has(tr.status))?.at;
    if (firstCompletion !== undefined) {
      const x = Math.round(createdAt + (firstCompletion - createdAt) * scenario.cancelAtFraction);
      jobs = cancelAt(jobs, x);
      for (const job of jobs) finalizeJob(job, coverage);
      for (const trigger of triggers.values()) cancelChild(trigger, x);
      transitions = derivePipelineTransitions(jobs);
    }
  }

  const firstRunningAt = transitions.find((tr) => tr.status === "running")?.at ?? null;
  const settledAt = Math.max(lastTransitionAt(jobs), transitions[transitions.length - 1]?.at ?? createdAt);
  // Trigger jobs counted in the pipeline's status above; GitLab lists them apart from the jobs.
  const bridges = jobs.flatMap((job) => {
    const trigger = triggers.get(job);
    return trigger ? [{ job, child: trigger.child }] : [];
  });
  return { jobs: jobs.filter((job) => !triggers.has(job)), transitions, firstRunningAt, settledAt, bridges };
}

