import "server-only";
import { DEV_DELIVERY_JOBS, IMAGE_JOBS } from "@/lib/domain/cwiq";
import { DAY_MS } from "@/lib/domain/time";
import type { Db } from "@/lib/platform/db/client";
import { PIPELINE_RULES } from "@/lib/domain/branch-rules/compliance";
import { doraFigures } from "@/lib/domain/dora/dora";
import { expectedImageTag, integrityIssues } from "@/lib/domain/branch-rules/integrity";
import type { DeployAttempt } from "@/lib/domain/dora/deploy-attempt";
import { breachDetail } from "@/lib/domain/branch-rules/breach-detail";
import { ruleWords, summarizeBreaches, toBreach } from "./breaches";
import type {
  Breach,
  CiConfigSummary,
  DeliveryFigures,
  DeploymentSummary,
  DeploymentsBoard,
  DeploymentsPageData,
  PeriodDays,
  ReleaseRow,
  RuleNote,
  ServiceCard,
  StepOutcome,
} from "./types";

export interface DeploymentsOptions {
  days: PeriodDays;
  now?: Date;
  /** Configured service names: cards in this order, any others after them by name. */
  serviceOrder?: readonly string[];
  /** A card stands out when dev is more than this many main pipelines behind. Default 3. */
  behindThreshold?: number;
  /** Deployments per card (the one on dev and its timeline). Default 10. */
  recent?: number;
  /** Only these services (the viewer's scope); every service when absent. */
  within?: readonly string[];
}

/** Keeps the items of services in `within` (all of them without it). */
function withinScope<T>(items: readonly T[], serviceOf: (item: T) => string, within: readonly string[] | undefined): T[] {
  return within ? items.filter((item) => within.includes(serviceOf(item))) : [...items];
}

export const DEFAULT_BEHIND_THRESHOLD = 3;
const ENVIRONMENT = "dev";
/** Deployments this long before the period still matter: a failing streak or a pipeline's first deploy may start there. */
const LOOKBACK_MS = 7 * DAY_MS;
/** The jobs the board reads: one image from its build to dev, then migrate-dev and verify-dev. */
const DELIVERY_JOBS = [...IMAGE_JOBS, DEV_DELIVERY_JOBS.migrate, DEV_DELIVERY_JOBS.verify];

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const NO_STEP: StepOutcome = { status: null, finishedAt: null, webUrl: null };

function ordered<T extends { service: string }>(items: T[], order: readonly string[] = []): T[] {
  const rank = (name: string) => {
    const i = order.indexOf(name);
    return i === -1 ? order.length : i;
  };
  return items.sort((a, b) => rank(a.service) - rank(b.service) || a.service.localeCompare(b.service));
}

interface DeploymentRow {
  service: string;
  current: boolean;
  id: bigint;
  status: string;
  ref: string;
  sha: string;
  commitTitle: string | null;
  pipelineId: bigint | null;
  jobId: bigint | null;
  jobStatus: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  pipelineIid: number | null;
  pipelineWebUrl: string | null;
  pipelineRef: string | null;
  pipelineSha: string | null;
  pipelineCreatedAt: Date | null;
  imageTag: string | null;
  mainBehind: number | null;
}

interface JobRow {
  id: bigint;
  pipelineId: bigint;
  name: string;
  stage: string;
  status: string;
  manual: boolean;
  allowFailure: boolean;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  webUrl: string;
}

/** Each service's latest deployments (any outcome but never-ran), and the one on dev now with how many main pipelines came after it. */
function loadDeployments(db: Db, recent: number) {
  return db.$queryRaw<DeploymentRow[]>`
    WITH picked AS (
      SELECT d.*, false AS current FROM service s
      CROSS JOIN LATERAL (
        SELECT * FROM deployment d
        WHERE d.service_id = s.id AND d.environment = ${ENVIRONMENT} AND d.status IN ('success', 'failed', 'running', 'canceled')
        ORDER BY d.created_at DESC LIMIT ${recent}
      ) d
      UNION ALL
      SELECT d.*, true AS current FROM service s
      CROSS JOIN LATERAL (
        SELECT * FROM deployment d
        WHERE d.service_id = s.id AND d.environment = ${ENVIRONMENT} AND d.status = 'success'
        ORDER BY d.created_at DESC LIMIT 1
      ) d
    )
    SELECT s.name AS service, d.current, d.id, d.status, d.ref, d.sha, d.commit_title AS "commitTitle", d.pipeline_id AS "pipelineId",
      d.job_id AS "jobId", d.job_status AS "jobStatus", d.created_at AS "createdAt", d.finished_at AS "finishedAt",
      p.iid AS "pipelineIid", p.web_url AS "pipelineWebUrl", p.ref AS "pipelineRef", p.sha AS "pipelineSha",
      p.created_at AS "pipelineCreatedAt", p.image_tag AS "imageTag",
      CASE WHEN d.current AND p.id IS NOT NULL THEN (
        SELECT count(*)::int FROM pipeline n
        WHERE n.service_id = d.service_id AND n.ref_kind = 'MAIN' AND n.parent_pipeline_id IS NULL AND n.created_at > p.created_at
      ) END AS "mainBehind"
    FROM picked d
    JOIN service s ON s.id = d.service_id
    LEFT JOIN pipeline p ON p.id = d.pipeline_id`;
}

/** Every attempt of the delivery jobs of the given pipelines, in creation order. */
function loadDeliveryJobs(db: Db, pipelineIds: bigint[]) {
  if (pipelineIds.length === 0) return Promise.resolve([] as JobRow[]);
  const ids = pipelineIds.map(String);
  return db.$queryRaw<JobRow[]>`
    SELECT j.id, j.pipeline_id AS "pipelineId", j.name, j.stage, j.status, j.manual, j.allow_failure AS "allowFailure",
      j.created_at AS "createdAt", j.started_at AS "startedAt", j.finished_at AS "finishedAt", j.web_url AS "webUrl"
    FROM job j
    WHERE j.pipeline_id = ANY(${ids}::bigint[]) AND j.name = ANY(${DELIVERY_JOBS}::text[])
    ORDER BY j.created_at, j.id`;
}

function groupBy<K, V>(items: readonly V[], key: (v: V) => K): Map<K, V[]> {
  const map = new Map<K, V[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

const step = (job: JobRow | undefined): StepOutcome =>
  job ? { status: job.status, finishedAt: iso(job.finishedAt), webUrl: job.webUrl } : NO_STEP;

/** The first attempt of a job created with or after the deploy attempt: what ran after that deploy. */
function after(jobs: readonly JobRow[], name: string, since: Date): JobRow | undefined {
  return jobs.find((j) => j.name === name && j.createdAt >= since);
}

function summarize(d: DeploymentRow, jobs: readonly JobRow[], olderPipeline: boolean): DeploymentSummary {
  const deployJob = jobs.find((j) => d.jobId !== null && j.id === d.jobId);
  const since = deployJob?.createdAt ?? d.createdAt;
  const ref = d.pipelineRef ?? d.ref;
  const sha = d.pipelineSha ?? d.sha;
  const issues = d.pipelineId
    ? integrityIssues({
        ref,
        sha,
        imageTag: d.imageTag,
        jobs: jobs.map((j) => ({ name: j.name, status: j.status, startedAt: j.startedAt?.getTime() ?? null, finishedAt: j.finishedAt?.getTime() ?? null })),
        deployedShas: [d.sha],
      })
    : [];
  const notes = groupBy(issues, (i) => i.kind);
  return {
    id: Number(d.id),
    status: d.status,
    ref: d.ref,
    sha: d.sha,
    shortSha: d.sha.slice(0, 8),
    commitTitle: d.commitTitle,
    pipelineId: d.pipelineId === null ? null : Number(d.pipelineId),
    pipelineIid: d.pipelineIid,
    pipelineWebUrl: d.pipelineWebUrl,
    imageTag: d.imageTag ?? expectedImageTag(ref, sha),
    imageTagFromBuild: d.imageTag !== null,
    createdAt: d.createdAt.toISOString(),
    at: (d.finishedAt ?? d.createdAt).toISOString(),
    deploy: deployJob ? step(deployJob) : { status: d.jobStatus ?? d.status, finishedAt: iso(d.finishedAt), webUrl: null },
    migrate: step(after(jobs, DEV_DELIVERY_JOBS.migrate, since)),
    verify: step(after(jobs, DEV_DELIVERY_JOBS.verify, since)),
    olderPipeline,
    // One note per kind: a retried build names every job that used the earlier image at once.
    issues: [...notes].map(([kind, list]): RuleNote => ({ rule: kind, label: ruleWords(kind).label, detail: breachDetail(kind, list.map((i) => i.message).join("; ")) })),
  };
}

/** Successful deployments of a lower pipeline id than one deployed before them (GitLab ids grow with creation). */
function olderPipelineDeployments(rows: readonly DeploymentRow[]): Set<bigint> {
  const older = new Set<bigint>();
  let newest: bigint | null = null;
  for (const d of [...rows].filter((r) => r.status === "success" && r.ref === "main").sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())) {
    if (d.pipelineId === null) continue;
    if (newest !== null && d.pipelineId < newest) older.add(d.id);
    if (newest === null || d.pipelineId > newest) newest = d.pipelineId;
  }
  return older;
}

async function loadReleases(db: Db, from: Date): Promise<ReleaseRow[]> {
  const rows = await db.$queryRaw<
    Array<{ service: string; id: bigint; ref: string; sha: string; status: string; createdAt: Date; webUrl: string; releaseStatus: string | null; releaseFinishedAt: Date | null; releaseWebUrl: string | null }>
  >`
    SELECT s.name AS service, p.id, p.ref, p.sha, p.status, p.created_at AS "createdAt", p.web_url AS "webUrl",
      r.status AS "releaseStatus", r.finished_at AS "releaseFinishedAt", r.web_url AS "releaseWebUrl"
    FROM service s
    CROSS JOIN LATERAL (
      SELECT * FROM pipeline p
      WHERE p.service_id = s.id AND p.ref_kind = 'TAG' AND p.parent_pipeline_id IS NULL AND p.created_at >= ${from} AND p.ref LIKE 'v%'
      ORDER BY p.created_at DESC LIMIT 20
    ) p
    LEFT JOIN LATERAL (
      SELECT j.status, j.finished_at, j.web_url FROM job j WHERE j.pipeline_id = p.id AND j.name = 'release' ORDER BY j.id DESC LIMIT 1
    ) r ON true
    ORDER BY p.created_at DESC`;
  return rows.map((r) => ({
    service: r.service,
    pipelineId: Number(r.id),
    ref: r.ref,
    shortSha: r.sha.slice(0, 8),
    status: r.status,
    createdAt: r.createdAt.toISOString(),
    webUrl: r.webUrl,
    release: r.releaseStatus === null ? NO_STEP : { status: r.releaseStatus, finishedAt: iso(r.releaseFinishedAt), webUrl: r.releaseWebUrl },
  }));
}

interface FindingRow {
  service: string;
  pipelineId: bigint;
  ref: string;
  sha: string;
  imageTag: string | null;
  createdAt: Date;
  webUrl: string;
  rule: string;
  message: string;
}

const RULE_NAMES = Object.keys(PIPELINE_RULES);
const TAG_CHECK = "tag-check";

/*
 * The findings the sync recorded for the period (lib/ingest/findings.ts), and main pipelines whose
 * stored IMAGE_TAG is not main-{sha} (the tag may be stored after the pipeline was judged), newest first.
 */
async function loadFindings(db: Db, from: Date): Promise<{ rules: Breach[]; integrity: Breach[] }> {
  const rows = await db.$queryRaw<FindingRow[]>`
    SELECT s.name AS service, f.pipeline_id AS "pipelineId", p.ref, p.sha, NULL::text AS "imageTag", f.created_at AS "createdAt",
      p.web_url AS "webUrl", f.rule, f.message
    FROM pipeline_finding f
    JOIN pipeline p ON p.id = f.pipeline_id
    JOIN service s ON s.id = f.service_id
    WHERE f.created_at >= ${from}
    UNION ALL
    SELECT s.name, p.id, p.ref, p.sha, p.image_tag, p.created_at, p.web_url, ${TAG_CHECK}, ''
    FROM service s
    JOIN pipeline p ON p.service_id = s.id AND p.ref_kind = 'MAIN' AND p.parent_pipeline_id IS NULL AND p.created_at >= ${from}
    WHERE p.image_tag IS NOT NULL AND p.image_tag <> 'main-' || p.sha
    ORDER BY 6 DESC, 2 DESC`;
  const rules: Breach[] = [];
  const integrity: Breach[] = [];
  for (const r of rows) {
    const base = { service: r.service, pipelineId: Number(r.pipelineId), ref: r.ref, createdAt: r.createdAt.toISOString(), webUrl: r.webUrl };
    if (r.rule === TAG_CHECK) {
      const issues = integrityIssues({ ref: r.ref, sha: r.sha, imageTag: r.imageTag, jobs: [], deployedShas: [] });
      integrity.push(...issues.map((i) => toBreach({ ...base, rule: i.kind }, i.message)));
    } else {
      (RULE_NAMES.includes(r.rule) ? rules : integrity).push(toBreach({ ...base, rule: r.rule }, r.message));
    }
  }
  return { rules, integrity };
}

export async function getDeploymentsBoard(db: Db, options: DeploymentsOptions): Promise<DeploymentsBoard> {
  const now = options.now ?? new Date();
  const from = new Date(now.getTime() - options.days * DAY_MS);
  const threshold = options.behindThreshold ?? DEFAULT_BEHIND_THRESHOLD;
  const [allDeployments, allServices, allReleases, allFindings] = await Promise.all([
    loadDeployments(db, options.recent ?? 10),
    db.service.findMany({ select: { name: true, ciConfig: true } }),
    loadReleases(db, from),
    loadFindings(db, from),
  ]);
  const { within } = options;
  const deployments = withinScope(allDeployments, (d) => d.service, within);
  const services = withinScope(allServices, (s) => s.name, within);
  const releases = withinScope(allReleases, (r) => r.service, within);
  const findings = { rules: withinScope(allFindings.rules, (b) => b.service, within), integrity: withinScope(allFindings.integrity, (b) => b.service, within) };

  const pipelineIds = [...new Set(deployments.flatMap((d) => (d.pipelineId === null ? [] : [d.pipelineId])))];
  const jobsByPipeline = groupBy(await loadDeliveryJobs(db, pipelineIds), (j) => j.pipelineId);
  const byService = groupBy(deployments, (d) => d.service);
  const ciBy = new Map(
    services.flatMap(({ name, ciConfig: c }): Array<[string, CiConfigSummary]> =>
      c ? [[name, { templatesRef: c.templatesRef, templates: c.templates, problems: c.problems, error: c.error, checkedAt: c.checkedAt.toISOString() }]] : [],
    ),
  );

  const cards: ServiceCard[] = services.map(({ name }) => {
    const rows = byService.get(name) ?? [];
    const older = olderPipelineDeployments(rows);
    const jobsOf = (d: DeploymentRow) => (d.pipelineId === null ? [] : (jobsByPipeline.get(d.pipelineId) ?? []));
    const currentRow = rows.find((d) => d.current);
    const current = currentRow ? summarize(currentRow, jobsOf(currentRow), older.has(currentRow.id)) : null;
    const previous = rows.filter((d) => !d.current && d.id !== currentRow?.id).map((d) => summarize(d, jobsOf(d), older.has(d.id)));
    const mainBehind = currentRow?.mainBehind ?? null;
    const attention: string[] = [];
    if (current?.verify.status === "failed") attention.push("verify-dev failed on what runs on dev");
    const latestAttempt = previous[0];
    if (latestAttempt && current && latestAttempt.createdAt > current.createdAt && latestAttempt.verify.status === "failed") {
      attention.push("the latest deploy attempt failed verify-dev");
    }
    if (mainBehind !== null && mainBehind > threshold) attention.push(`dev is ${mainBehind} main pipelines behind (more than ${threshold})`);
    return { service: name, current, previous, mainPipelinesBehind: mainBehind, attention, ciConfig: ciBy.get(name) ?? null };
  });

  const ciFindings: Breach[] = [...ciBy.entries()].flatMap(([service, c]) =>
    c.problems.map((problem) => toBreach({ service, pipelineId: null, ref: null, createdAt: null, webUrl: null, rule: "ci-templates" }, problem)),
  );
  const columns = ordered(cards, options.serviceOrder).map((c) => c.service);

  return {
    generatedAt: now.toISOString(),
    periodDays: options.days,
    behindThreshold: threshold,
    services: ordered(cards, options.serviceOrder),
    releases,
    compliance: summarizeBreaches([...ordered(ciFindings, options.serviceOrder), ...findings.rules], columns),
    integrity: summarizeBreaches(findings.integrity, columns),
  };
}

/** Times as epoch ms and ids as numbers: plain numbers cross the driver at half the cost of timestamps. */
interface AttemptRow {
  service: string;
  pipelineId: number | null;
  finishedAt: number | null;
  commitCreatedAt: number | null;
  commitTitle: string | null;
  verifyStatus: string | null;
  verifyFinishedAt: number | null;
}

/**
 * Successful, blocking deploy attempts around the period (index range on service, environment,
 * created_at): the only ones the figures count, each with the verify-dev outcome the sync recorded.
 */
function loadAttempts(db: Db, since: Date, to: Date) {
  return db.$queryRaw<AttemptRow[]>`
    SELECT s.name AS service, d.pipeline_id::float8 AS "pipelineId",
      (extract(epoch FROM d.finished_at) * 1000)::float8 AS "finishedAt",
      (extract(epoch FROM d.commit_created_at) * 1000)::float8 AS "commitCreatedAt", d.commit_title AS "commitTitle",
      d.verify_status AS "verifyStatus", (extract(epoch FROM d.verify_finished_at) * 1000)::float8 AS "verifyFinishedAt"
    FROM service s
    JOIN deployment d ON d.service_id = s.id AND d.environment = ${ENVIRONMENT} AND d.status = 'success' AND NOT d.allow_failure
      AND d.created_at >= ${since} AND d.created_at <= ${to}`;
}

export async function getDeliveryFigures(db: Db, options: DeploymentsOptions): Promise<DeliveryFigures> {
  const now = options.now ?? new Date();
  const from = new Date(now.getTime() - options.days * DAY_MS);
  const since = new Date(from.getTime() - LOOKBACK_MS);
  const [allRows, allServices] = await Promise.all([loadAttempts(db, since, now), db.service.findMany({ select: { name: true } })]);
  const rows = withinScope(allRows, (r) => r.service, options.within);
  const services = withinScope(allServices, (s) => s.name, options.within);
  const attempts: DeployAttempt[] = rows.map((r) => ({
    service: r.service,
    pipelineId: r.pipelineId ?? -1,
    status: "success",
    allowFailure: false,
    finishedAt: r.finishedAt,
    commitCreatedAt: r.commitCreatedAt,
    commitTitle: r.commitTitle,
    verify: r.verifyStatus === null ? null : { status: r.verifyStatus, finishedAt: r.verifyFinishedAt },
  }));
  const period = { from: from.getTime(), to: now.getTime() };
  const byService = groupBy(attempts, (a) => a.service);
  return {
    periodDays: options.days,
    from: from.toISOString(),
    to: now.toISOString(),
    overall: doraFigures(attempts, period),
    services: ordered(
      services.map((s) => ({ service: s.name, figures: doraFigures(byService.get(s.name) ?? [], period) })),
      options.serviceOrder,
    ),
  };
}

export async function getDeploymentsPage(db: Db, options: DeploymentsOptions): Promise<DeploymentsPageData> {
  const now = options.now ?? new Date();
  const [board, figures] = await Promise.all([getDeploymentsBoard(db, { ...options, now }), getDeliveryFigures(db, { ...options, now })]);
  return { board, figures };
}
