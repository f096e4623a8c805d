import { RUNNERS, type SimUser } from "./catalog";
import type {
  GitLabArtifact,
  GitLabBridge,
  GitLabCommit,
  GitLabDetailedStatus,
  GitLabJob,
  GitLabJobPipelineRef,
  GitLabJobUser,
  GitLabRunner,
  GitLabPipeline,
  GitLabPipelineListItem,
  GitLabProject,
  GitLabTestReportSummary,
  GitLabUserBasic,
} from "./gitlab-types";
import { retentionOf, uploadsWhenFailed } from "./artifacts/retention";
import { BLANK_SHA, type SimMergeRequest, type SimProject, type SimulationModel } from "./model";
import type { PlannedBridge, PlannedJob, PlannedPipeline } from "./plan";
import { deriveSeed } from "./random";
import { jobStatusAt, pipelineStateAt, type PipelineState } from "./state";
import { testReport, testReportSummary, type GitLabTestReport } from "./test-reports";

const iso = (ms: number): string => new Date(ms).toISOString();
/** Commit dates carry an offset in GitLab's API rather than `Z`. */
const commitDate = (ms: number): string => iso(ms).replace("Z", "+00:00");

const ARTIFACT_FILES = {
  archive: { filename: "artifacts.zip", file_format: "zip" },
  metadata: { filename: "metadata.gz", file_format: "gzip" },
  junit: { filename: "junit.xml.gz", file_format: "gzip" },
  cobertura: { filename: "cobertura-coverage.xml.gz", file_format: "gzip" },
  dotenv: { filename: "build.env.gz", file_format: "gzip" },
} as const;

const DETAILED: Readonly<Record<string, { icon: string; text: string; label: string; group: string }>> = {
  created: { icon: "status_created", text: "created", label: "created", group: "created" },
  pending: { icon: "status_pending", text: "pending", label: "pending", group: "pending" },
  running: { icon: "status_running", text: "running", label: "running", group: "running" },
  success: { icon: "status_success", text: "passed", label: "passed", group: "success" },
  warning: { icon: "status_warning", text: "warning", label: "passed with warnings", group: "success-with-warnings" },
  failed: { icon: "status_failed", text: "failed", label: "failed", group: "failed" },
  canceled: { icon: "status_canceled", text: "canceled", label: "canceled", group: "canceled" },
  skipped: { icon: "status_skipped", text: "skipped", label: "skipped", group: "skipped" },
  manual: { icon: "status_manual", text: "manual", label: "manual action", group: "manual" },
};

/** Per-pipeline pieces shared (frozen) by all its jobs, built once. */
interface Fragments {
  webBase: string;
  user: GitLabJobUser;
  userJson: string;
  commit: GitLabCommit;
  commitJson: string;
  /** The job's `pipeline` object once the pipeline has settled. */
  settledPipelineRef?: { value: GitLabJobPipelineRef; json: string };
}

function deepFreeze<T extends object>(value: T): T {
  for (const inner of Object.values(value)) if (inner && typeof inner === "object") deepFreeze(inner as object);
  return Object.freeze(value);
}

const PROJECT_FLAGS = deepFreeze({ ci_job_token_scope_enabled: false });
const DOCKER_TAGS: string[] = deepFreeze(["cwiq", "docker"]);
const KANIKO_TAGS: string[] = deepFreeze(["cwiq", "kaniko"]);
const RUNNER_JSON: readonly GitLabRunner[] = RUNNERS.map((runner) =>
  deepFreeze({
    id: runner.id,
    description: runner.description,
    ip_address: null,
    active: true,
    paused: false,
    is_shared: true,
    runner_type: "instance_type",
    name: "gitlab-runner",
    online: true,
    status: "online",
  }),
);

/**
 * Turns planned pipelines into GitLab JSON as of a clock time. Settled pipelines never change, so their
 * state and JSON are cached; job JSON is assembled from cached per-pipeline pieces to keep pages cheap.
 */
export class Renderer {
  private readonly fragments = new Map<number, Fragments>();
  private readonly settledStates = new Map<number, PipelineState>();
  private readonly settledListJson = new Map<number, string>();
  private readonly settledSingleJson = new Map<number, string>();

  constructor(
    private readonly model: SimulationModel,
    readonly baseUrl: string,
  ) {}

  projectOf(pipeline: PlannedPipeline): SimProject {
    const project = this.model.projects[pipeline.projectIndex];
    if (!project) throw new Error(`pipeline ${pipeline.id} has no project`);
    return project;
  }

  /** GitLab's merge request entity (the fields Stageboard and most clients read). */
  mergeRequest(project: SimProject, mr: SimMergeRequest): Record<string, unknown> {
    const web = `${this.baseUrl}/${project.pathWithNamespace}`;
    return {
      id: project.id * 100_000 + mr.iid,
      iid: mr.iid,
      project_id: project.id,
      title: mr.title,
      description: "",
      state: "opened",
      created_at: iso(mr.createdAt),
      updated_at: iso(mr.createdAt),
      target_branch: "main",
      source_branch: mr.sourceBranch,
      source_project_id: project.id,
      target_project_id: project.id,
      draft: false,
      references: { short: `!${mr.iid}`, relative: `!${mr.iid}`, full: `${project.pathWithNamespace}!${mr.iid}` },
      web_url: `${web}/-/merge_requests/${mr.iid}`,
    };
  }

  project(project: SimProject, t: number): GitLabProject {
    const web = `${this.baseUrl}/${project.pathWithNamespace}`;
    const host = new URL(this.baseUrl).host;
    const latest = project.pipelines[this.model.existingCount(project, t) - 1];
    return {
      id: project.id,
      description: `CWIQ ${project.name} service`,
      name: project.name,
      name_with_namespace: project.pathWithNamespace.split("/").join(" / "),
      path: project.path,
      path_with_namespace: project.pathWithNamespace,
      created_at: iso(project.createdAt),
      default_branch: "main",
      tag_list: [],
      topics: [],
      ssh_url_to_repo: `git@${host}:${project.pathWithNamespace}.git`,
      http_url_to_repo: `${web}.git`,
      web_url: web,
      readme_url: `${web}/-/blob/main/README.md`,
      forks_count: 0,
      avatar_url: null,
      star_count: 0,
      last_activity_at: iso(latest ? latest.createdAt : project.createdAt),
      namespace: {
        id: 7,
        name: project.namespace,
        path: project.namespace,
        kind: "group",
        full_path: project.namespace,
        parent_id: null,
        avatar_url: null,
        web_url: `${this.baseUrl}/groups/${project.namespace}`,
      },
      visibility: "private",
      archived: false,
      empty_repo: false,
      jobs_enabled: true,
    };
  }

  state(pipeline: PlannedPipeline, t: number): PipelineState {
    if (t < pipeline.settledAt) return pipelineStateAt(pipeline, t);
    let state = this.settledStates.get(pipeline.id);
    if (!state) {
      state = pipelineStateAt(pipeline, pipeline.settledAt);
      this.settledStates.set(pipeline.id, state);
    }
    return state;
  }

  pipelineListItem(pipeline: PlannedPipeline, t: number): GitLabPipelineListItem {
    const state = this.state(pipeline, t);
    return {
      id: pipeline.id,
      iid: pipeline.iid,
      project_id: pipeline.projectId,
      status: state.status,
      source: pipeline.source,
      ref: pipeline.ref,
      sha: pipeline.sha,
      name: null,
      web_url: `${this.piece(pipeline).webBase}/-/pipelines/${pipeline.id}`,
      created_at: iso(pipeline.createdAt),
      updated_at: iso(state.updatedAt),
    };
  }

  pipelineListItemJson(pipeline: PlannedPipeline, t: number): string {
    return this.cached(this.settledListJson, pipeline, t, () => JSON.stringify(this.pipelineListItem(pipeline, t)));
  }

  pipeline(pipeline: PlannedPipeline, t: number): GitLabPipeline {
    const state = this.state(pipeline, t);
    const project = this.projectOf(pipeline);
    return {
      id: pipeline.id,
      iid: pipeline.iid,
      project_id: pipeline.projectId,
      name: null,
      sha: pipeline.sha,
      ref: pipeline.ref,
      status: state.status,
      source: pipeline.source,
      created_at: iso(pipeline.createdAt),
      updated_at: iso(state.updatedAt),
      web_url: `${this.piece(pipeline).webBase}/-/pipelines/${pipeline.id}`,
      before_sha: pipeline.beforeSha,
      tag: pipeline.tag,
      yaml_errors: null,
      user: this.userBasic(pipeline.user),
      started_at: state.startedAt === null ? null : iso(state.startedAt),
      finished_at: state.finishedAt === null ? null : iso(state.finishedAt),
      committed_at: null,
      duration: state.durationS,
      queued_duration: state.queuedDurationS,
      coverage: state.coverage,
      detailed_status: this.detailedStatus(state, `/${project.pathWithNamespace}/-/pipelines/${pipeline.id}`),
    };
  }

  pipelineJson(pipeline: PlannedPipeline, t: number): string {
    return this.cached(this.settledSingleJson, pipeline, t, () => JSON.stringify(this.pipeline(pipeline, t)));
  }

  /** A job as GitLab's Job entity at time t. */
  job(pipeline: PlannedPipeline, job: PlannedJob, t: number): GitLabJob {
    const piece = this.piece(pipeline);
    return { ...this.jobOwnFields(pipeline, job, t), user: piece.user, commit: piece.commit, pipeline: this.pipelineRef(pipeline, t).value };
  }

  /**
   * The same job serialized. Job pages are the hot path: the user, commit and pipeline parts are shared
   * by all jobs of a pipeline, so their JSON is made once and spliced in (same key order as `job`).
   */
  jobJson(pipeline: PlannedPipeline, job: PlannedJob, t: number): string {
    const piece = this.piece(pipeline);
    const own = JSON.stringify(this.jobOwnFields(pipeline, job, t));
    return `${own.slice(0, -1)},"user":${piece.userJson},"commit":${piece.commitJson},"pipeline":${this.pipelineRef(pipeline, t).json}}`;
  }

  private jobOwnFields(pipeline: PlannedPipeline, job: PlannedJob, t: number): Omit<GitLabJob, "user" | "commit" | "pipeline"> {
    const status = jobStatusAt(job, t);
    if (status === null) throw new Error(`job ${job.id} does not exist at ${iso(t)}`);
    const webBase = this.piece(pipeline).webBase;
    const started = job.startedAt !== null && job.startedAt <= t ? job.startedAt : null;
    const finished = job.finishedAt !== null && job.finishedAt <= t ? job.finishedAt : null;
    const queued = job.queuedAt !== null && job.queuedAt <= t ? job.queuedAt : null;
    const sizeSeed = (job.id * 7919) % 97_000;
    const archiveSize = 20_000 + sizeSeed * 3;
    const artifacts: GitLabArtifact[] = [];
    let archive = false;
    const retention = finished !== null ? retentionOf(job) : null;
    const erasedAt = retention?.erasedAt != null && retention.erasedAt <= t ? retention.erasedAt : null;
    // Expired artifacts are deleted; the trace has no expiry. Erasing a job removes the trace too.
    const expired = retention !== null && retention.expireAt <= t;
    if (started !== null && finished !== null && erasedAt === null) {
      artifacts.push({ file_type: "trace", size: 4000 + sizeSeed, filename: "job.log", file_format: null });
      for (const kind of job.artifacts) {
        // JUnit reports and `when: always` scanners upload also when the job fails, the rest on success.
        if (status !== "success" && kind !== "junit" && !uploadsWhenFailed(job)) continue;
        if (kind === "archive") archive = true;
        if (expired) continue;
        const size = kind === "archive" ? archiveSize : 300 + (sizeSeed % 5000);
        artifacts.push({ file_type: kind, size, ...ARTIFACT_FILES[kind] });
      }
    }
    return {
      id: job.id,
      status,
      stage: job.stage,
      name: job.name,
      ref: pipeline.ref,
      tag: pipeline.tag,
      coverage: status === "success" ? job.coverage : null,
      allow_failure: job.allowFailure,
      created_at: iso(job.createdAt),
      started_at: started === null ? null : iso(started),
      finished_at: finished === null ? null : iso(finished),
      erased_at: erasedAt === null ? null : iso(erasedAt),
      // Both grow with the clock while the job waits or runs, as GitLab computes them on read.
      duration: started === null ? null : ((finished ?? t) - started) / 1000,
      queued_duration: queued === null ? null : ((started ?? finished ?? t) - queued) / 1000,
      ...(status === "failed" ? { failure_reason: job.failureReason ?? "unknown_failure" } : {}),
      web_url: `${webBase}/-/jobs/${job.id}`,
      project: PROJECT_FLAGS,
      ...(archive && !expired ? { artifacts_file: { filename: "artifacts.zip", size: archiveSize } } : {}),
      artifacts,
      runner: started !== null ? (RUNNER_JSON[job.runnerIndex] ?? null) : null,
      artifacts_expire_at: archive && retention !== null ? iso(retention.expireAt) : null,
      archived: false,
      tag_list: job.name === "build-push" ? KANIKO_TAGS : DOCKER_TAGS,
    };
  }

  /** A trigger job as GitLab's Bridge entity at time t, with the child pipeline once it exists. */
  bridge(pipeline: PlannedPipeline, bridge: PlannedBridge, t: number): GitLabBridge {
    const status = jobStatusAt(bridge, t);
    if (status === null) throw new Error(`bridge ${bridge.id} does not exist at ${iso(t)}`);
    const piece = this.piece(pipeline);
    const started = bridge.startedAt !== null && bridge.startedAt <= t ? bridge.startedAt : null;
    const finished = bridge.finishedAt !== null && bridge.finishedAt <= t ? bridge.finishedAt : null;
    const queued = bridge.queuedAt !== null && bridge.queuedAt <= t ? bridge.queuedAt : null;
    const child = bridge.child !== null && bridge.child.createdAt <= t ? bridge.child : null;
    return {
      id: bridge.id,
      status,
      stage: bridge.stage,
      name: bridge.name,
      ref: pipeline.ref,
      tag: pipeline.tag,
      coverage: null,
      allow_failure: bridge.allowFailure,
      created_at: iso(bridge.createdAt),
      started_at: started === null ? null : iso(started),
      finished_at: finished === null ? null : iso(finished),
      erased_at: null,
      duration: started === null ? null : ((finished ?? t) - started) / 1000,
      queued_duration: queued === null ? null : ((started ?? finished ?? t) - queued) / 1000,
      user: piece.user,
      commit: piece.commit,
      pipeline: this.pipelineRef(pipeline, t).value,
      // A trigger job fails by GitLab's default reason when its child failed (`drop!` without one).
      ...(status === "failed" ? { failure_reason: "unknown_failure" } : {}),
      web_url: `${piece.webBase}/-/jobs/${bridge.id}`,
      project: PROJECT_FLAGS,
      downstream_pipeline: child === null ? null : this.pipelineRef(child, t).value,
    };
  }

  testReportSummary(pipeline: PlannedPipeline, t: number): GitLabTestReportSummary {
    return testReportSummary(this.projectOf(pipeline), pipeline, t);
  }

  /** GitLab's full pipeline test report (every test case), as of `t`. */
  testReport(pipeline: PlannedPipeline, t: number): GitLabTestReport {
    return testReport(this.projectOf(pipeline), pipeline, t);
  }

  private cached(cache: Map<number, string>, pipeline: PlannedPipeline, t: number, build: () => string): string {
    if (t < pipeline.settledAt) return build();
    let json = cache.get(pipeline.id);
    if (json === undefined) {
      json = build();
      cache.set(pipeline.id, json);
    }
    return json;
  }

  /** The job's `pipeline` object (GitLab's PipelineBasic) with its JSON; fixed once the pipeline settled. */
  private pipelineRef(pipeline: PlannedPipeline, t: number): { value: GitLabJobPipelineRef; json: string } {
    const piece = this.piece(pipeline);
    if (t >= pipeline.settledAt && piece.settledPipelineRef) return piece.settledPipelineRef;
    const state = this.state(pipeline, t);
    const value: GitLabJobPipelineRef = {
      id: pipeline.id,
      iid: pipeline.iid,
      project_id: pipeline.projectId,
      sha: pipeline.sha,
      ref: pipeline.ref,
      status: state.status,
      source: pipeline.source,
      created_at: iso(pipeline.createdAt),
      updated_at: iso(state.updatedAt),
      web_url: `${piece.webBase}/-/pipelines/${pipeline.id}`,
    };
    const ref = { value: deepFreeze(value), json: JSON.stringify(value) };
    if (t >= pipeline.settledAt) piece.settledPipelineRef = ref;
    return ref;
  }

  private piece(pipeline: PlannedPipeline): Fragments {
    let piece = this.fragments.get(pipeline.id);
    if (piece) return piece;
    const project = this.projectOf(pipeline);
    const webBase = `${this.baseUrl}/${project.pathWithNamespace}`;
    const { commit } = pipeline;
    const user = pipeline.user;
    const userObject: GitLabJobUser = deepFreeze({
      ...this.userBasic(user),
      created_at: user.createdAt,
      bio: null,
      location: null,
      public_email: "",
      skype: "",
      linkedin: "",
      twitter: "",
      website_url: "",
      organization: "",
    });
    const commitObject: GitLabCommit = deepFreeze({
      id: pipeline.sha,
      short_id: pipeline.sha.slice(0, 8),
      created_at: commitDate(commit.createdAt),
      parent_ids: pipeline.beforeSha === BLANK_SHA ? [] : [pipeline.beforeSha],
      title: commit.title,
      message: commit.message,
      author_name: commit.author.name,
      author_email: commit.author.email,
      authored_date: commitDate(commit.createdAt),
      committer_name: commit.author.name,
      committer_email: commit.author.email,
      committed_date: commitDate(commit.createdAt),
      trailers: {},
      extended_trailers: {},
      web_url: `${webBase}/-/commit/${pipeline.sha}`,
    });
    piece = {
      webBase,
      user: userObject,
      userJson: JSON.stringify(userObject),
      commit: commitObject,
      commitJson: JSON.stringify(commitObject),
    };
    this.fragments.set(pipeline.id, piece);
    return piece;
  }

  userBasic(user: SimUser): GitLabUserBasic {
    const avatar = deriveSeed(user.email).toString(16).padStart(8, "0").repeat(4);
    return {
      id: user.id,
      username: user.username,
      name: user.name,
      state: "active",
      avatar_url: `https://www.gravatar.com/avatar/${avatar}?s=80&d=identicon`,
      web_url: `${this.baseUrl}/${user.username}`,
    };
  }

  private detailedStatus(state: PipelineState, detailsPath: string): GitLabDetailedStatus {
    const key = state.warnings ? "warning" : state.status;
    const d = DETAILED[key] ?? DETAILED.created;
    if (!d) throw new Error(`no detailed status for ${key}`);
    return {
      icon: d.icon,
      text: d.text,
      label: d.label,
      group: d.group,
      tooltip: d.label,
      has_details: true,
      details_path: detailsPath,
      illustration: null,
      favicon: `/assets/ci_favicons/favicon_${d.icon}.png`,
    };
  }
}
