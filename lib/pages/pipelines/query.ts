import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/platform/db/client";
import type { Bridge, DefectDojoTest, Job, MergeRequest, ScanReport, SonarAnalysis } from "@/lib/platform/db/generated/client";
import { flakedInPipeline } from "@/lib/domain/metrics";
import { refKindLabel } from "@/lib/domain/pipeline/refs";
import { runTimes } from "@/lib/domain/pipeline/run-times";
import { jobWaits } from "@/lib/domain/pipeline/waits";
import { asStageStatus, isStandardStage, stagePosition } from "@/lib/domain/pipeline/stages";
import { loadPipelineTests } from "./tests";
import type {
  DownstreamPipeline,
  JobAttempt,
  PipelineArtifact,
  PipelineDojo,
  PipelineJob,
  PipelinePageData,
  PipelineSonar,
  PipelineStageColumn,
} from "./types";


/** A GitLab pipeline id as the URL gives it: digits only, within JavaScript's exact integers. */
export function parsePipelineId(raw: string): number | null {
  if (!/^\d{1,16}$/.test(raw)) return null;
  const id = Number(raw);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** A job attempt as the page reads it from the job table. */
type JobRow = Pick<
  Job,
  "id" | "stage" | "name" | "status" | "allowFailure" | "manual" | "retried" | "failureReason" | "createdAt" | "startedAt" | "finishedAt" | "duration" | "queuedDuration" | "webUrl"
>;

function attempt(row: JobRow): JobAttempt {
  return {
    id: Number(row.id),
    status: row.status,
    allowFailure: row.allowFailure,
    manual: row.manual,
    failureReason: row.failureReason,
    ...runTimes(row),
    webUrl: row.webUrl,
    waits: jobWaits(row),
  };
}

/** Attempts in the order GitLab made them: creation time, then job id (a retry gets a higher id). */
const byCreation = (a: JobRow, b: JobRow) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Groups the attempts of each job name in a stage: the current attempt is the latest one not
 * marked retried (or the latest at all, should every attempt be marked), the others are its retries.
 */
export function groupJobs(rows: readonly JobRow[]): PipelineJob[] {
  const byName = new Map<string, JobRow[]>();
  for (const row of rows) {
    const list = byName.get(row.name) ?? [];
    list.push(row);
    byName.set(row.name, list);
  }
  const jobs: PipelineJob[] = [];
  for (const [name, list] of byName) {
    const ordered = [...list].sort(byCreation);
    const live = ordered.filter((r) => !r.retried);
    const candidates = live.length > 0 ? live : ordered;
    const current = candidates.at(-1);
    if (!current) continue;
    const earlier = ordered.filter((r) => r !== current);
    const flaky = flakedInPipeline(ordered);
    jobs.push({
      ...attempt(current),
      name,
      stage: current.stage,
      retryCount: earlier.length,
      retries: earlier.reverse().map(attempt),
      flaky,
      trigger: false,
      downstream: null,
    });
  }
  return jobs.sort((a, b) => a.name.localeCompare(b.name));
}

/** A trigger job as the page reads it from the bridge table. */
type BridgeRow = Pick<
  Bridge,
  "id" | "stage" | "name" | "status" | "allowFailure" | "retried" | "createdAt" | "startedAt" | "finishedAt" | "duration" | "queuedDuration" | "webUrl" | "downstreamPipelineId" | "downstreamStatus" | "downstreamWebUrl"
>;

const BRIDGE_SELECT = {
  id: true,
  stage: true,
  name: true,
  status: true,
  allowFailure: true,
  retried: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  duration: true,
  queuedDuration: true,
  webUrl: true,
  downstreamPipelineId: true,
  downstreamStatus: true,
  downstreamWebUrl: true,
} as const;

const JOB_SELECT = {
  id: true,
  stage: true,
  name: true,
  status: true,
  allowFailure: true,
  manual: true,
  retried: true,
  failureReason: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  duration: true,
  queuedDuration: true,
  webUrl: true,
} as const;

const STAGE_SELECT = { stage: true, position: true, status: true, startedAt: true } as const;

/** The pipelines trigger jobs started, as stored: a child's stages, jobs and own trigger jobs come along. */
function loadDownstream(db: Db, ids: readonly bigint[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.pipeline.findMany({
    where: { id: { in: [...ids] } },
    select: { id: true, iid: true, status: true, webUrl: true, parentPipelineId: true, stages: { select: STAGE_SELECT }, jobs: { select: JOB_SELECT }, bridges: { select: BRIDGE_SELECT } },
  });
}

type StoredDownstream = Awaited<ReturnType<typeof loadDownstream>>[number];

/**
 * A stage's trigger jobs as job cards (attempts grouped as a job's are), each with the pipeline it
 * started: a child's jobs under it, grouped by the child's stages; another project's pipeline as a link.
 */
function triggerJobs(rows: readonly BridgeRow[], parentId: bigint, stored: ReadonlyMap<bigint, StoredDownstream>, nested: boolean): PipelineJob[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return groupJobs(rows.map((r) => ({ ...r, manual: false, failureReason: null }))).map((job) => {
    const row = byId.get(BigInt(job.id));
    const downstreamId = row?.downstreamPipelineId ?? null;
    if (!row || downstreamId === null) return { ...job, trigger: true };
    const found = stored.get(downstreamId);
    const downstream: DownstreamPipeline = {
      id: Number(downstreamId),
      stored: found !== undefined,
      child: found?.parentPipelineId === parentId,
      iid: found?.iid ?? null,
      status: found?.status ?? row.downstreamStatus,
      webUrl: found?.webUrl ?? row.downstreamWebUrl,
      // One level: a child's own trigger jobs show as links to what they started.
      stages: found && !nested ? stageColumns(found.stages, found.jobs, triggerJobs(found.bridges, found.id, stored, true), true) : [],
    };
    return { ...job, trigger: true, downstream };
  });
}

/** The pipeline with everything its page shows, in one read. */
function loadPipeline(db: Db, id: number) {
  return db.pipeline.findUnique({
    where: { id: BigInt(id) },
    include: {
      service: { select: { name: true } },
      parent: { select: { id: true, iid: true } },
      bridges: { select: BRIDGE_SELECT },
      scanReports: { include: { job: { select: { webUrl: true } } }, orderBy: [{ tool: "asc" }, { jobId: "asc" }] },
      sonarAnalysis: true,
      defectDojoTest: true,
      stages: { select: STAGE_SELECT },
      jobs: { select: JOB_SELECT },
    },
  });
}

type LoadedPipeline = NonNullable<Awaited<ReturnType<typeof loadPipeline>>>;

/**
 * Every stage seen, from the stage results, the jobs and the trigger jobs (a running pipeline may have
 * jobs first), in pipeline order: the templates' for a service's own pipeline, the stored one (its own
 * configuration's) for a child pipeline (`ownOrder`).
 */
function stageColumns(
  stageRows: LoadedPipeline["stages"],
  jobRows: readonly JobRow[],
  triggers: readonly PipelineJob[] = [],
  ownOrder = false,
): PipelineStageColumn[] {
  interface StageInfo {
    stage: string;
    position: number;
    status: string | null;
    firstAt: number;
    jobs: JobRow[];
    triggers: PipelineJob[];
  }
  const stages = new Map<string, StageInfo>();
  const info = (stage: string): StageInfo => {
    let entry = stages.get(stage);
    if (!entry) {
      entry = { stage, position: stagePosition(stage), status: null, firstAt: Number.MAX_SAFE_INTEGER, jobs: [], triggers: [] };
      stages.set(stage, entry);
    }
    return entry;
  };
  for (const s of stageRows) {
    const entry = info(s.stage);
    entry.status = s.status;
    // Standard stages keep their template order; other stages keep the order the sync stored.
    if (ownOrder) entry.position = s.position;
    else if (!isStandardStage(s.stage)) entry.position = Math.max(s.position, stagePosition(s.stage));
    if (s.startedAt) entry.firstAt = Math.min(entry.firstAt, s.startedAt.getTime());
  }
  for (const job of jobRows) {
    const entry = info(job.stage);
    entry.jobs.push(job);
    entry.firstAt = Math.min(entry.firstAt, job.createdAt.getTime());
  }
  for (const trigger of triggers) {
    const entry = info(trigger.stage);
    entry.triggers.push(trigger);
    entry.firstAt = Math.min(entry.firstAt, Date.parse(trigger.createdAt));
  }

  return [...stages.values()]
    .sort((a, b) => a.position - b.position || a.firstAt - b.firstAt || a.stage.localeCompare(b.stage))
    .map((s) => ({
      stage: s.stage,
      status: s.status === null ? null : asStageStatus(s.status),
      standard: isStandardStage(s.stage),
      jobs: [...groupJobs(s.jobs), ...s.triggers].sort((a, b) => a.name.localeCompare(b.name)),
    }));
}

/** The page's header: the pipeline itself and GitLab's test report summary. */
function toHeader(pipeline: LoadedPipeline, triggerJob: string | null, mergeRequest: MergeRequest | null): PipelinePageData["pipeline"] {
  return {
    id: Number(pipeline.id),
    iid: pipeline.iid,
    service: pipeline.service.name,
    ref: pipeline.ref,
    refKind: refKindLabel(pipeline.refKind),
    sha: pipeline.sha,
    shortSha: pipeline.sha.slice(0, 8),
    commitTitle: pipeline.commitTitle,
    commitAuthor: pipeline.commitAuthor,
    source: pipeline.source,
    status: pipeline.status,
    ...runTimes(pipeline),
    timingsFromJobs: !pipeline.timingsFromGitlab,
    webUrl: pipeline.webUrl,
    mergeRequest:
      pipeline.mergeRequestIid === null
        ? null
        : {
            iid: pipeline.mergeRequestIid,
            ...(mergeRequest && mergeRequest.state !== "not_found"
              ? { title: mergeRequest.title, url: mergeRequest.webUrl, sourceBranch: mergeRequest.sourceBranch }
              : { title: null, url: null, sourceBranch: null }),
          },
    tests:
      pipeline.testsTotal === null
        ? null
        : {
            total: pipeline.testsTotal,
            failed: pipeline.testsFailed ?? 0,
            skipped: pipeline.testsSkipped ?? 0,
            errored: pipeline.testsErrored ?? 0,
          },
    parent: pipeline.parent ? { id: Number(pipeline.parent.id), iid: pipeline.parent.iid, triggerJob } : null,
  };
}

/** The run's scans: its artifacts, SonarQube analysis and DefectDojo test. */
function toSecurity(pipeline: LoadedPipeline): PipelinePageData["security"] {
  return {
    imageTag: pipeline.imageTag,
    artifacts: pipeline.scanReports.map(toArtifact),
    sonar: pipeline.sonarAnalysis ? toSonar(pipeline.sonarAnalysis) : null,
    dojo: pipeline.defectDojoTest ? toDojo(pipeline.defectDojoTest) : null,
  };
}

/** The pipeline page's data, or null when Stageboard has no pipeline with this GitLab id. */
export async function getPipelinePage(db: Db, id: number): Promise<PipelinePageData | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const generatedAt = new Date().toISOString();
  const pipeline = await loadPipeline(db, id);
  if (!pipeline) return null;

  const downstreamIds = (bridges: readonly BridgeRow[]) => bridges.flatMap((b) => (b.downstreamPipelineId === null ? [] : [b.downstreamPipelineId]));
  const [children, startedBy] = await Promise.all([
    loadDownstream(db, downstreamIds(pipeline.bridges)),
    pipeline.parent ? db.bridge.findFirst({ where: { downstreamPipelineId: pipeline.id }, select: { name: true } }) : null,
  ]);
  // A child's own trigger jobs link to what they started: whether Stageboard has it decides the link.
  const nested = await loadDownstream(db, children.flatMap((c) => downstreamIds(c.bridges)));
  const stored = new Map([...children, ...nested].map((p) => [p.id, p]));
  const mergeRequest =
    pipeline.mergeRequestIid === null
      ? null
      : await db.mergeRequest.findUnique({ where: { serviceId_iid: { serviceId: pipeline.serviceId, iid: pipeline.mergeRequestIid } } });
  const columns = stageColumns(pipeline.stages, pipeline.jobs, triggerJobs(pipeline.bridges, pipeline.id, stored, false), pipeline.parentPipelineId !== null);
  return {
    generatedAt,
    pipeline: toHeader(pipeline, startedBy?.name ?? null, mergeRequest),
    stages: columns,
    flakyJobs: columns.reduce((n, c) => n + c.jobs.filter((j) => j.flaky).length, 0),
    security: toSecurity(pipeline),
    tests: await loadPipelineTests(db, pipeline, children.map((c) => c.id)),
  };
}

function toArtifact(r: ScanReport & { job: { webUrl: string } }): PipelineArtifact {
  return {
    tool: r.tool,
    artifact: r.artifact,
    status: r.status,
    message: r.message,
    counts: { CRITICAL: r.critical, HIGH: r.high, MEDIUM: r.medium, LOW: r.low, INFO: r.info },
    total: r.total,
    newCount: r.newCount,
    fixedCount: r.fixedCount,
    lineRate: r.lineRate,
    jobId: Number(r.jobId),
    jobWebUrl: r.job.webUrl,
  };
}

function toSonar(a: SonarAnalysis): PipelineSonar {
  const issues =
    a.issuesCritical === null
      ? null
      : { CRITICAL: a.issuesCritical, HIGH: a.issuesHigh ?? 0, MEDIUM: a.issuesMedium ?? 0, LOW: a.issuesLow ?? 0, INFO: a.issuesInfo ?? 0 };
  return {
    status: a.status,
    message: a.message,
    qualityGate: a.qualityGate,
    failedConditions: a.failedConditions,
    dashboardUrl: a.dashboardUrl,
    measures: {
      coverage: a.coverage,
      bugs: a.bugs,
      vulnerabilities: a.vulnerabilities,
      codeSmells: a.codeSmells,
      securityHotspots: a.securityHotspots,
      duplicatedLinesDensity: a.duplicatedLinesDensity,
      ncloc: a.ncloc,
    },
    issues,
  };
}

const countsSchema = z.record(z.string(), z.record(z.string(), z.number()));

function toDojo(t: DefectDojoTest): PipelineDojo {
  const counts = countsSchema.safeParse(t.counts);
  return {
    status: t.status,
    message: t.message,
    testId: t.testId === null ? null : Number(t.testId),
    matchedBy: t.matchedBy,
    url: t.url,
    counts: counts.success ? counts.data : null,
  };
}
