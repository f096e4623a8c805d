import { DAY_MS } from "@/lib/domain/time";
import {
  BRANCH_TOPICS,
  ENGINEERS,
  FEATURE_VERBS,
  FIX_VERBS,
  FOLLOW_UPS,
  RELEASE_BOT,
  type ProjectSpec,
} from "./catalog";
import { childPipelinesOf } from "./child-pipelines";
import type { PipelineSource, PlannedBridge, PlannedCommit, PlannedJob, PlannedPipeline, TestCounts } from "./plan";
import { Rng } from "./random";
import { jobsForRef, type RefKind } from "./rules";
import { chooseScenario } from "./scenario";
import { buildTimeline, type ChildTimeline } from "./timeline";

/** GitLab's before_sha for pipelines that were not pushes (Gitlab::Git::SHA1_BLANK_SHA). */
export const BLANK_SHA = "0000000000000000000000000000000000000000";

const FIRST_PIPELINE_ID = 1_204_000;
const FIRST_JOB_ID = 8_530_000;

export interface ModelConfig {
  seed: number;
  /** The simulated "now" at start; history lies before it, live pipelines after it. */
  anchor: number;
  historyDays: number;
  pipelinesPerDay: number;
  /** When set, exactly this many history pipelines per project, spread evenly. */
  pipelinesPerProject: number | null;
  /** One new pipeline every N seconds after the anchor, across all projects; 0 = none. */
  liveIntervalSeconds: number;
  projects: readonly ProjectSpec[];
}

export interface SimProject {
  index: number;
  id: number;
  name: string;
  /** Last path segment, e.g. `server`. */
  path: string;
  pathWithNamespace: string;
  namespace: string;
  createdAt: number;
  /** Ascending by id, which is ascending by created_at. */
  pipelines: PlannedPipeline[];
}

interface Arrival {
  at: number;
  projectIndex: number;
}

interface Branch {
  name: string;
  topic: string;
}

/** A merge request of a feature branch into main, opened with its first merge-request pipeline. */
export interface SimMergeRequest {
  iid: number;
  sourceBranch: string;
  title: string;
  createdAt: number;
}

/** What a project's history needs to stay consistent from one pipeline to the next. */
interface ProjectGenState {
  nextIid: number;
  heads: Map<string, { sha: string; commit: PlannedCommit }>;
  version: [number, number, number];
  branches: Branch[];
  mergeRequests: Map<string, number>;
  /** The merge request behind each iid: its source branch and when it was opened. */
  mergeRequestsByIid: Map<number, SimMergeRequest>;
  nextMergeRequestIid: number;
  testBase: number;
  coverageBase: number;
  coveragePhase: number;
}

interface PendingRetry {
  job: PlannedJob;
  pipeline: PlannedPipeline;
}

/** A child pipeline planned with its parent, given its id and iid when its creation time is reached. */
interface PendingChild {
  parent: PlannedPipeline;
  bridge: PlannedBridge;
  plan: ChildTimeline;
}

/** A child pipeline has no test job of its own (test_report_summary reads the test job). */
const NO_TESTS: TestCounts = { total: 0, skipped: 0, failed: 0, errors: 0 };

/** Busier on weekday working hours (UTC), so charts over time look like a team's week. */
function activityWeight(t: number): number {
  const date = new Date(t);
  const day = date.getUTCDay();
  if (day === 0 || day === 6) return 0.25;
  const hour = date.getUTCHours();
  return hour >= 7 && hour < 19 ? 1 : 0.2;
}

function toProject(spec: ProjectSpec, index: number, anchor: number): SimProject {
  const pathWithNamespace = spec.path.includes("/") ? spec.path : `cwiq/${spec.path}`;
  const segments = pathWithNamespace.split("/");
  return {
    index,
    id: spec.id,
    name: spec.name,
    path: segments[segments.length - 1] ?? spec.name,
    pathWithNamespace,
    namespace: segments.slice(0, -1).join("/"),
    createdAt: anchor - 400 * DAY_MS - index * 9 * DAY_MS,
    pipelines: [],
  };
}

/**
 * The simulated world: every pipeline's full plan, generated in creation order from the seed. History is
 * generated up front; live pipelines are generated lazily as the clock passes them, and because each
 * pipeline draws from its own derived stream the result is the same however the clock is advanced.
 */
export class SimulationModel {
  readonly projects: readonly SimProject[];
  private readonly config: ModelConfig;
  private readonly genStates: ProjectGenState[];
  private readonly history: Arrival[];
  private readonly pipelinesById = new Map<number, PlannedPipeline>();
  private readonly jobsById = new Map<number, { job: PlannedJob; pipeline: PlannedPipeline }>();
  private readonly pendingRetries: PendingRetry[] = [];
  private readonly pendingChildren: PendingChild[] = [];
  private seq = 0;
  private liveIndex = 0;
  private lastCreatedAt = -Infinity;
  private lastPipelineId = FIRST_PIPELINE_ID;
  private lastJobId = FIRST_JOB_ID;

  constructor(config: ModelConfig) {
    if (config.projects.length === 0) throw new Error("the simulator needs at least one project");
    this.config = config;
    this.projects = config.projects.map((spec, index) => toProject(spec, index, config.anchor));
    this.genStates = this.projects.map((project) => this.initialState(project));
    this.history = this.historyArrivals();
    for (const arrival of this.history) this.generate(arrival);
    if (config.liveIntervalSeconds <= 0) {
      this.createChildren(Infinity);
      this.assignRetryIds(Infinity);
    }
  }

  /** Makes sure every pipeline created at or before t, and every retry job created by then, has its id. */
  ensure(t: number): void {
    if (this.config.liveIntervalSeconds <= 0) return;
    while (this.lastCreatedAt <= t) {
      const arrival = this.liveArrival(this.liveIndex++);
      // A paused project's arrivals are skipped (the clock still passes them).
      if (this.pausedProjects.has(arrival.projectIndex)) this.lastCreatedAt = Math.max(this.lastCreatedAt, arrival.at);
      else this.generate(arrival);
    }
  }

  /** Projects without live pipelines from now on (the control API's scenario), so a test's own push stays the newest. */
  readonly pausedProjects = new Set<number>();

  /** Number of the project's pipelines that exist at time t (they are a prefix of `pipelines`). */
  existingCount(project: SimProject, t: number): number {
    const list = project.pipelines;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const p = list[mid];
      if (p && p.createdAt <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  pipeline(id: number): PlannedPipeline | undefined {
    return this.pipelinesById.get(id);
  }

  job(id: number): { job: PlannedJob; pipeline: PlannedPipeline } | undefined {
    return this.jobsById.get(id);
  }

  private initialState(project: SimProject): ProjectGenState {
    const rng = Rng.derive(this.config.seed, "project", project.id);
    const topics = [...BRANCH_TOPICS];
    const branches: Branch[] = [];
    while (branches.length < 12 && topics.length > 0) {
      const [picked] = topics.splice(rng.int(0, topics.length - 1), 1);
      if (picked) branches.push({ name: picked[0], topic: picked[1] });
    }
    const testBases = [1400, 620, 880, 510];
    const coverageBases = [81.5, 84.0, 76.5, 79.0];
    return {
      nextIid: rng.int(180, 900),
      heads: new Map(),
      version: [rng.int(0, 3), rng.int(1, 9), rng.int(0, 6)],
      branches,
      mergeRequests: new Map(),
      mergeRequestsByIid: new Map(),
      nextMergeRequestIid: rng.int(40, 400),
      testBase: testBases[project.index] ?? rng.int(300, 1200),
      coverageBase: coverageBases[project.index] ?? rng.float(75, 85),
      coveragePhase: rng.float(0, Math.PI * 2),
    };
  }

  private historyArrivals(): Arrival[] {
    const { seed, anchor, historyDays, pipelinesPerDay, pipelinesPerProject } = this.config;
    const span = historyDays * DAY_MS;
    const start = anchor - span;
    const arrivals: Arrival[] = [];
    if (span <= 0) return arrivals;
    for (const project of this.projects) {
      const rng = Rng.derive(seed, "arrivals", project.id);
      if (pipelinesPerProject !== null) {
        const count = Math.max(0, Math.floor(pipelinesPerProject));
        for (let i = 0; i < count; i++) {
          arrivals.push({ at: Math.floor(start + ((i + 0.5 + rng.float(-0.35, 0.35)) * span) / count), projectIndex: project.index });
        }
      } else {
        const count = Math.max(0, Math.round(pipelinesPerDay * historyDays));
        for (let made = 0; made < count; ) {
          const at = Math.floor(start + rng.next() * span);
          if (rng.next() < activityWeight(at)) {
            arrivals.push({ at, projectIndex: project.index });
            made++;
          }
        }
      }
    }
    arrivals.sort((a, b) => a.at - b.at || a.projectIndex - b.projectIndex);
    return arrivals;
  }

  private liveArrival(k: number): Arrival {
    const intervalMs = this.config.liveIntervalSeconds * 1000;
    const rng = Rng.derive(this.config.seed, "live", k);
    const jitter = Math.round(rng.float(-0.3, 0.3) * intervalMs);
    return { at: this.config.anchor + (k + 1) * intervalMs + jitter, projectIndex: rng.int(0, this.projects.length - 1) };
  }

  /** Retry jobs get ids in creation-time order, interleaved with new pipelines' jobs as GitLab would. */
  private assignRetryIds(before: number): void {
    if (this.pendingRetries.length === 0) return;
    this.pendingRetries.sort((a, b) => a.job.createdAt - b.job.createdAt || a.pipeline.seq - b.pipeline.seq);
    while (this.pendingRetries.length > 0) {
      const next = this.pendingRetries[0];
      if (!next || next.job.createdAt >= before) break;
      this.pendingRetries.shift();
      next.job.id = ++this.lastJobId;
      this.jobsById.set(next.job.id, next);
    }
  }

  /**
   * Child pipelines created before `before` get their ids, in creation order, and join their project's
   * list as GitLab lists them (source parent_pipeline); retry jobs created before each get theirs first.
   */
  private createChildren(before: number): void {
    if (this.pendingChildren.length === 0) return;
    this.pendingChildren.sort((a, b) => a.plan.createdAt - b.plan.createdAt || a.parent.seq - b.parent.seq);
    while (this.pendingChildren.length > 0) {
      const next = this.pendingChildren[0];
      if (!next || next.plan.createdAt >= before) break;
      this.pendingChildren.shift();
      const { parent, bridge, plan } = next;
      const project = this.projects[parent.projectIndex];
      const state = this.genStates[parent.projectIndex];
      if (!project || !state) throw new Error(`no project at index ${parent.projectIndex}`);
      this.assignRetryIds(plan.createdAt);
      const child: PlannedPipeline = {
        seq: parent.seq,
        id: ++this.lastPipelineId,
        iid: state.nextIid++,
        projectIndex: parent.projectIndex,
        projectId: parent.projectId,
        ref: parent.ref,
        refKind: parent.refKind,
        tag: parent.tag,
        sha: parent.sha,
        beforeSha: BLANK_SHA,
        source: "parent_pipeline",
        user: parent.user,
        commit: parent.commit,
        createdAt: plan.createdAt,
        jobs: plan.jobs,
        transitions: plan.transitions,
        firstRunningAt: plan.firstRunningAt,
        settledAt: plan.settledAt,
        tests: NO_TESTS,
        bridges: [],
        parent: { pipeline: parent, bridge },
      };
      for (const job of child.jobs) {
        job.id = ++this.lastJobId;
        this.jobsById.set(job.id, { job, pipeline: child });
      }
      bridge.child = child;
      project.pipelines.push(child);
      this.pipelinesById.set(child.id, child);
      this.lastCreatedAt = Math.max(this.lastCreatedAt, child.createdAt);
    }
  }

  /**
   * A push to main of a project now, outside the planned arrivals (the control API's scenario): its
   * pipeline fails in `failJob`, or passes everything when null. For tests that need main to break.
   */
  pushMain(projectIndex: number, at: number, failJob: string | null): PlannedPipeline {
    this.ensure(at);
    this.generate({ at, projectIndex }, { failJob });
    const pipeline = this.projects[projectIndex]?.pipelines.at(-1);
    if (!pipeline) throw new Error("no pipeline was generated");
    return pipeline;
  }

  private generate(arrival: Arrival, force?: { failJob: string | null }): void {
    // Children created in the meantime come first; creation times then keep increasing, so id order
    // and created_at order stay identical.
    this.createChildren(Math.max(arrival.at, this.lastCreatedAt + 1));
    const createdAt = Math.max(arrival.at, this.lastCreatedAt + 1);
    this.assignRetryIds(createdAt);
    const seq = this.seq++;
    const rng = Rng.derive(this.config.seed, "pipeline", seq);
    const project = this.projects[arrival.projectIndex];
    const state = this.genStates[arrival.projectIndex];
    if (!project || !state) throw new Error(`no project at index ${arrival.projectIndex}`);

    const origin = this.chooseOrigin(project, state, createdAt, rng, force ? "main" : undefined);
    const coverage = this.coverageAt(state, createdAt, rng);
    const tests = this.testCountsAt(state, createdAt, rng);
    const drawn = chooseScenario(origin.refKind, rng);
    const scenario = force
      ? {
          ...drawn,
          failures: new Map(force.failJob ? [[force.failJob, { reason: "script_failure" as const, atFraction: 0.5 }]] : []),
          flaky: "none" as const,
          cancelAtFraction: null,
        }
      : drawn;
    const timeline = buildTimeline({
      createdAt,
      specs: jobsForRef(origin.refKind),
      scenario,
      rng,
      coverage,
      children: childPipelinesOf(project.name),
    });

    this.lastPipelineId += rng.int(1, 3);
    const pipeline: PlannedPipeline = {
      seq,
      id: this.lastPipelineId,
      iid: state.nextIid++,
      projectIndex: project.index,
      projectId: project.id,
      ...origin,
      createdAt,
      jobs: timeline.jobs,
      transitions: timeline.transitions,
      firstRunningAt: timeline.firstRunningAt,
      settledAt: timeline.settledAt,
      tests,
      bridges: [],
      parent: null,
    };

    // Other projects on the instance use job ids too, hence the gap.
    this.lastJobId += rng.int(0, 6);
    for (const job of pipeline.jobs) {
      if (job.createdAt === createdAt) {
        job.id = ++this.lastJobId;
        this.jobsById.set(job.id, { job, pipeline });
      } else {
        this.pendingRetries.push({ job, pipeline });
      }
    }
    // Trigger jobs are created with the pipeline; GitLab's job endpoints do not serve them.
    for (const { job, child } of timeline.bridges) {
      const bridge: PlannedBridge = Object.assign(job, { child: null });
      bridge.id = ++this.lastJobId;
      pipeline.bridges.push(bridge);
      if (child) this.pendingChildren.push({ parent: pipeline, bridge, plan: child });
    }
    project.pipelines.push(pipeline);
    this.pipelinesById.set(pipeline.id, pipeline);
    this.lastCreatedAt = createdAt;
  }

  private chooseOrigin(
    project: SimProject,
    state: ProjectGenState,
    createdAt: number,
    rng: Rng,
    forceKind?: RefKind,
  ): Pick<PlannedPipeline, "ref" | "refKind" | "tag" | "sha" | "beforeSha" | "source" | "user" | "commit"> {
    const mainHead = state.heads.get("main");
    const drawnKind: RefKind = rng.weighted<RefKind>([
      ["main", 45],
      ["branch", 50],
      ["tag", mainHead ? 5 : 0],
    ]);
    const kind = forceKind ?? drawnKind;
    const author = rng.pick(ENGINEERS);
    const newCommit = (title: string, message: string): PlannedCommit => ({
      title,
      message,
      author,
      createdAt: createdAt - rng.int(4_000, 240_000),
    });

    if (kind === "tag" && mainHead) {
      const [major, minor, patch] = state.version;
      const roll = rng.next();
      state.version = roll < 0.02 ? [major + 1, 0, 0] : roll < 0.2 ? [major, minor + 1, 0] : [major, minor, patch + 1];
      const ref = `v${state.version.join(".")}`;
      return { ref, refKind: "tag", tag: true, sha: mainHead.sha, beforeSha: BLANK_SHA, source: "push", user: author, commit: mainHead.commit };
    }

    if (kind === "main") {
      const drawnSource = rng.weighted<PipelineSource>([["push", 88], ["web", 6], ["schedule", 6]]);
      const source = forceKind ? "push" : drawnSource;
      if (source !== "push" && mainHead) {
        const user = source === "schedule" ? RELEASE_BOT : author;
        return { ref: "main", refKind: "main", tag: false, sha: mainHead.sha, beforeSha: BLANK_SHA, source, user, commit: mainHead.commit };
      }
      const branch = rng.pick(state.branches);
      const mr = this.mergeRequestIid(state, branch, createdAt);
      const commit = rng.chance(0.85)
        ? newCommit(
            `Merge branch '${branch.name}' into 'main'`,
            `Merge branch '${branch.name}' into 'main'\n\n${this.topicTitle(branch, rng)}\n\nSee merge request ${project.pathWithNamespace}!${mr}`,
          )
        : this.plainCommit(newCommit, branch, rng);
      const sha = rng.hex(40);
      state.heads.set("main", { sha, commit });
      return { ref: "main", refKind: "main", tag: false, sha, beforeSha: mainHead?.sha ?? BLANK_SHA, source: "push", user: author, commit };
    }

    const branch = rng.pick(state.branches);
    const head = state.heads.get(branch.name);
    const source = rng.weighted<PipelineSource>([["push", 85], ["merge_request_event", head ? 10 : 0], ["web", head ? 5 : 0]]);
    if (source !== "push" && head) {
      // Detached merge request pipelines run on GitLab's hidden merge-request ref.
      const ref = source === "merge_request_event" ? `refs/merge-requests/${this.mergeRequestIid(state, branch, createdAt)}/head` : branch.name;
      return { ref, refKind: "branch", tag: false, sha: head.sha, beforeSha: BLANK_SHA, source, user: author, commit: head.commit };
    }
    const commit = head ? this.plainCommit(newCommit, branch, rng) : newCommit(this.topicTitle(branch, rng), this.topicTitle(branch, rng));
    const sha = rng.hex(40);
    state.heads.set(branch.name, { sha, commit });
    return { ref: branch.name, refKind: "branch", tag: false, sha, beforeSha: head?.sha ?? BLANK_SHA, source: "push", user: author, commit };
  }

  private mergeRequestIid(state: ProjectGenState, branch: Branch, at: number): number {
    let iid = state.mergeRequests.get(branch.name);
    if (iid === undefined) {
      iid = state.nextMergeRequestIid++;
      state.mergeRequests.set(branch.name, iid);
      const topic = branch.topic.charAt(0).toUpperCase() + branch.topic.slice(1);
      state.mergeRequestsByIid.set(iid, { iid, sourceBranch: branch.name, title: branch.name.startsWith("fix/") ? `Fix ${branch.topic}` : topic, createdAt: at });
    }
    return iid;
  }

  /** A project's merge request as GitLab would answer for it, once opened by time t. */
  mergeRequest(projectIndex: number, iid: number, t: number): SimMergeRequest | null {
    const found = this.genStates[projectIndex]?.mergeRequestsByIid.get(iid);
    return found && found.createdAt <= t ? found : null;
  }

  private topicTitle(branch: Branch, rng: Rng): string {
    const verbs = branch.name.startsWith("fix/") ? FIX_VERBS : FEATURE_VERBS;
    if (branch.name.startsWith("chore/")) return `Apply ${branch.topic}`;
    return `${rng.pick(verbs)} ${branch.topic}`;
  }

  private plainCommit(make: (title: string, message: string) => PlannedCommit, branch: Branch, rng: Rng): PlannedCommit {
    const title = rng.pick(FOLLOW_UPS).replace("{topic}", branch.topic);
    return make(title, `${title}\n`);
  }

  /** Test job coverage drifts slowly over days, with a little noise per run. */
  private coverageAt(state: ProjectGenState, t: number, rng: Rng): number {
    const days = t / DAY_MS;
    const value =
      state.coverageBase +
      3.5 * Math.sin((2 * Math.PI * days) / 11 + state.coveragePhase) +
      1.2 * Math.sin((2 * Math.PI * days) / 2.7 + state.coveragePhase * 2) +
      rng.float(-0.3, 0.3);
    return Math.round(Math.min(88, Math.max(72.4, value)) * 100) / 100;
  }

  private testCountsAt(state: ProjectGenState, t: number, rng: Rng): TestCounts {
    const growth = Math.max(0, Math.floor((t - (this.config.anchor - 60 * DAY_MS)) / (8 * 3_600_000)));
    return {
      total: state.testBase + growth,
      skipped: rng.int(3, 15),
      failed: rng.int(1, 6),
      errors: rng.chance(0.2) ? 1 : 0,
    };
  }
}

