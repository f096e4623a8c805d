import { deriveStages, retriedJobIds, runningSeconds, type DerivedStage } from "@/lib/domain/pipeline/derive";
import type { RefKindName } from "@/lib/domain/cwiq";
import { classifyRef, mergeRequestOf } from "@/lib/domain/pipeline/refs";
import { COMPLETED_STATUSES } from "@/lib/domain/pipeline/statuses";
import type { GitlabBridge, GitlabJob, GitlabPipeline } from "@/lib/upstream/gitlab/schemas";

/** A pipeline as Stageboard stores it. */
export interface PipelineRow {
  id: number;
  iid: number;
  serviceId: number;
  ref: string;
  refKind: RefKindName;
  sha: string;
  source: string;
  status: string;
  name: string | null;
  commitTitle: string | null;
  commitAuthor: string | null;
  createdAt: Date;
  updatedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  duration: number | null;
  queuedDuration: number | null;
  /** True when the four timings are GitLab's own; false while they are derived from the jobs. */
  timingsFromGitlab: boolean;
  coverage: number | null;
  webUrl: string;
  /** Set for a merge-request pipeline whose ref names its merge request. */
  mergeRequestIid: number | null;
  /** A child pipeline's parent (whose trigger job started it); null for the service's own pipelines. */
  parentPipelineId: number | null;
}

export interface JobRow {
  id: number;
  pipelineId: number;
  serviceId: number;
  stage: string;
  name: string;
  status: string;
  allowFailure: boolean;
  manual: boolean;
  retried: boolean;
  failureReason: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  duration: number | null;
  queuedDuration: number | null;
  coverage: number | null;
  webUrl: string;
}

/** A trigger job, with the pipeline it started as GitLab last reported it. */
export interface BridgeRow {
  id: number;
  pipelineId: number;
  stage: string;
  name: string;
  status: string;
  allowFailure: boolean;
  retried: boolean;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  duration: number | null;
  queuedDuration: number | null;
  webUrl: string;
  downstreamPipelineId: number | null;
  downstreamProjectId: number | null;
  downstreamStatus: string | null;
  downstreamWebUrl: string | null;
}

export interface PipelineSnapshot {
  pipeline: PipelineRow;
  jobs: JobRow[];
  bridges: BridgeRow[];
  stages: DerivedStage[];
}

/** What ties a pipeline to others: its trigger jobs, and for a child pipeline the parent that started it. */
export interface PipelineLinks {
  bridges: readonly GitlabBridge[];
  parentPipelineId: number | null;
}

const NO_LINKS: PipelineLinks = { bridges: [], parentPipelineId: null };

const date = (iso: string | null | undefined) => (iso ? new Date(iso) : null);

/** GitLab's own timings of a completed pipeline, when the answer has them (the list's entries do not). */
function gitlabTimings(item: GitlabPipeline) {
  if (!("duration" in item) || item.duration === null || !COMPLETED_STATUSES.has(item.status)) return null;
  return { startedAt: date(item.started_at), finishedAt: date(item.finished_at), duration: item.duration, queuedDuration: item.queued_duration };
}

function lastJobEnd(jobs: readonly Pick<JobRow, "finishedAt">[]): Date | null {
  return jobs.reduce<Date | null>((max, j) => (j.finishedAt && (!max || j.finishedAt > max) ? j.finishedAt : max), null);
}

/**
 * A pipeline, its jobs and its stage results from GitLab's answer and job list. A completed pipeline
 * read on its own carries GitLab's timings; otherwise (list entries, pipelines under way) they are
 * derived from the jobs as GitLab derives them, and marked so.
 */
export function normalizePipeline(
  serviceId: number,
  item: GitlabPipeline,
  gitlabJobs: readonly GitlabJob[],
  now: Date,
  links: PipelineLinks = NO_LINKS,
): PipelineSnapshot {
  // A trigger job is retried like a job (same stage and name), so attempts are told apart across both.
  const retried = retriedJobIds([...gitlabJobs, ...links.bridges]);
  const jobs: JobRow[] = gitlabJobs.map((j) => ({
    id: j.id,
    pipelineId: item.id,
    serviceId,
    stage: j.stage,
    name: j.name,
    status: j.status,
    allowFailure: j.allow_failure,
    manual: j.status === "manual" || j.when === "manual",
    retried: retried.has(j.id),
    failureReason: j.status === "failed" ? j.failure_reason : null,
    createdAt: new Date(j.created_at),
    startedAt: date(j.started_at),
    finishedAt: date(j.finished_at),
    duration: j.duration,
    queuedDuration: j.queued_duration,
    coverage: j.coverage,
    webUrl: j.web_url,
  }));

  const bridges: BridgeRow[] = links.bridges.map((b) => ({
    id: b.id,
    pipelineId: item.id,
    stage: b.stage,
    name: b.name,
    status: b.status,
    allowFailure: b.allow_failure,
    retried: retried.has(b.id),
    createdAt: new Date(b.created_at),
    startedAt: date(b.started_at),
    finishedAt: date(b.finished_at),
    duration: b.duration,
    queuedDuration: b.queued_duration,
    webUrl: b.web_url,
    downstreamPipelineId: b.downstream_pipeline?.id ?? null,
    downstreamProjectId: b.downstream_pipeline?.project_id ?? null,
    downstreamStatus: b.downstream_pipeline?.status ?? null,
    downstreamWebUrl: b.downstream_pipeline?.web_url ?? null,
  }));
  // Trigger jobs count like jobs: in their stage's status (GitLab's graph folds a child's outcome into
  // its trigger job) and in the timings derived from the jobs.
  const processables = [...jobs, ...bridges];

  const current = jobs.filter((j) => !j.retried);
  const own = gitlabTimings(item);
  const startedAt = own
    ? own.startedAt
    : processables.reduce<Date | null>((min, j) => (j.startedAt && (!min || j.startedAt < min) ? j.startedAt : min), null);
  // GitLab sets finished_at only when a pipeline succeeds, fails or is canceled: a manual one waits.
  const finishedAt = own
    ? own.finishedAt
    : COMPLETED_STATUSES.has(item.status)
      ? lastJobEnd(processables)
      : null;
  const coverages = current.map((j) => j.coverage).filter((c): c is number => c !== null);
  const commit = gitlabJobs.find((j) => j.commit)?.commit;
  const tag = gitlabJobs.find((j) => typeof j.tag === "boolean")?.tag;

  const createdAt = new Date(item.created_at);
  return {
    pipeline: {
      id: item.id,
      // GitLab named a pipeline by its id before pipelines had an iid.
      iid: item.iid ?? item.id,
      serviceId,
      ref: item.ref,
      refKind: classifyRef(item.ref, tag ?? ("tag" in item ? item.tag : null), item.source),
      sha: item.sha,
      source: item.source,
      status: item.status,
      name: item.name,
      commitTitle: commit?.title ?? null,
      commitAuthor: commit?.author_name ?? null,
      createdAt,
      updatedAt: new Date(item.updated_at),
      startedAt,
      finishedAt,
      duration: own ? own.duration : runningSeconds(processables, finishedAt ?? now),
      queuedDuration: own ? own.queuedDuration : startedAt ? Math.max(0, Math.round((startedAt.getTime() - createdAt.getTime()) / 1000)) : null,
      timingsFromGitlab: own !== null,
      coverage: coverages.length ? Math.round((coverages.reduce((a, b) => a + b, 0) / coverages.length) * 100) / 100 : null,
      webUrl: item.web_url,
      mergeRequestIid: mergeRequestOf(item.ref, item.source)?.iid ?? null,
      parentPipelineId: links.parentPipelineId,
    },
    jobs,
    bridges,
    // A child pipeline runs its own configuration's stages, not the templates' nine.
    stages: deriveStages(processables, { ownOrder: links.parentPipelineId !== null }),
  };
}
