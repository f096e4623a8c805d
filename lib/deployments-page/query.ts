import "server-only";
import type { Db } from "@/lib/db/client";
import { PIPELINE_RULES, brokenRules, type PipelineRule, type RefKindName } from "@/lib/delivery/compliance";
import { doraFigures } from "@/lib/delivery/dora";
import { expectedImageTag, integrityIssues } from "@/lib/delivery/integrity";
import type { DeployAttempt } from "@/lib/delivery/types";
import type {
  CiConfigSummary,
  ComplianceRow,
  DeliveryFigures,
  DeploymentSummary,
  DeploymentsBoard,
  DeploymentsPageData,
  PeriodDays,
  ReleaseRow,
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
}

export const DEFAULT_BEHIND_THRESHOLD = 3;
const ENVIRONMENT = "dev";
const DAY_MS = 86_400_000;
/** Deployments this long before the period still matter: a failing streak or a pipeline's first deploy may start there. */
const LOOKBACK_MS = 7 * DAY_MS;
const DELIVERY_JOBS = ["build-push", "push-latest", "trivy-image-scan", "deploy-dev", "migrate-dev", "verify-dev"];

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

/** Each service's latest deployments (any outcome but never-ran) and the one on dev now. */
function loadDeployments(db: Db, recent: number) {
  return db.$queryRaw<DeploymentRow[]>`
    WITH picked AS (
      SELECT d.*, false AS current FROM service s
      CROSS JOIN LATERAL (
        SELECT * FROM deployment d
        WHERE d.service_id = s.id AND d.environment = ${ENVIRONMENT} AND d.status IN ('success', 'failed', 'running', 'canceled')
        ORDER BY d.created_at DESC, d.id DESC LIMIT ${recent}
      ) d
      UNION ALL
      SELECT d.*, true AS current FROM service s
      CROSS JOIN LATERAL (
        SELECT * FROM deployment d
        WHERE d.service_id = s.id AND d.environment = ${ENVIRONMENT} AND d.status = 'success'
        ORDER BY d.created_at DESC, d.id DESC LIMIT 1
      ) d
    )
    SELECT s.name AS service, d.current, d.id, d.status, d.ref, d.sha, d.commit_title AS "commitTitle", d.pipeline_id AS "pipelineId",
      d.job_id AS "jobId", d.job_status AS "jobStatus", d.created_at AS "createdAt", d.finished_at AS "finishedAt",
      p.iid AS "pipelineIid", p.web_url AS "pipelineWebUrl", p.ref AS "pipelineRef", p.sha AS "pipelineSha",
      p.created_at AS "pipelineCreatedAt", p.image_tag AS "imageTag"
    FROM picked d
    JOIN service s ON s.id = d.service_id
    LEFT JOIN pipeline p ON p.id = d.pipeline_id`;
}

function loadJobs(db: Db, pipelineIds: bigint[], names: readonly string[] | null) {
  if (pipelineIds.length === 0) return Promise.resolve([] as JobRow[]);
  const ids = pipelineIds.map(String);
  return db.$queryRaw<JobRow[]>`
    SELECT j.id, j.pipeline_id AS "pipelineId", j.name, j.stage, j.status, j.manual, j.allow_failure AS "allowFailure",
      j.created_at AS "createdAt", j.started_at AS "startedAt", j.finished_at AS "finishedAt", j.web_url AS "webUrl"
    FROM job j
    WHERE j.pipeline_id = ANY(${ids}::bigint[]) AND (${names === null} OR j.name = ANY(${names ?? []}::text[]))
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
      }).map((i) => i.message)
    : [];
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
    migrate: step(after(jobs, "migrate-dev", since)),
    verify: step(after(jobs, "verify-dev", since)),
    olderPipeline,
    issues,
  };
}

/** Successful deployments whose pipeline is older than one deployed before them (oldest first). */
function olderPipelineDeployments(rows: readonly DeploymentRow[]): Set<bigint> {
  const older = new Set<bigint>();
  let newest = -Infinity;
  for (const d of [...rows].filter((r) => r.status === "success").sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())) {
    const created = d.pipelineCreatedAt?.getTime() ?? null;
    if (created === null) continue;
    if (created < newest) older.add(d.id);
    newest = Math.max(newest, created);
  }
  return older;
}

async function mainPipelinesBehind(db: Db, current: Array<{ service: string; since: Date }>): Promise<Map<string, number>> {
  if (current.length === 0) return new Map();
  const rows = await db.$queryRaw<Array<{ service: string; behind: bigint }>>`
    SELECT u.service, (
      SELECT count(*) FROM pipeline p JOIN service s ON s.id = p.service_id
      WHERE s.name = u.service AND p.ref_kind = 'MAIN' AND p.created_at > u.since
    ) AS behind
    FROM unnest(${current.map((c) => c.service)}::text[], ${current.map((c) => c.since.toISOString())}::timestamptz[]) AS u(service, since)`;
  return new Map(rows.map((r) => [r.service, Number(r.behind)]));
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
      WHERE p.service_id = s.id AND p.ref_kind = 'TAG' AND p.created_at >= ${from} AND p.ref LIKE 'v%'
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

/*
 * Pipelines that may break a branch rule, found through their stage results (one index probe per
 * stage), then judged on their jobs by lib/delivery/compliance.
 */
async function loadPipelineFindings(db: Db, from: Date): Promise<ComplianceRow[]> {
  const candidates = await db.$queryRaw<Array<{ service: string; id: bigint; ref: string; refKind: RefKindName; createdAt: Date; webUrl: string }>>`
    SELECT s.name AS service, p.id, p.ref, p.ref_kind::text AS "refKind", p.created_at AS "createdAt", p.web_url AS "webUrl"
    FROM service s
    CROSS JOIN LATERAL (
      SELECT p.* FROM pipeline p
      WHERE p.service_id = s.id AND p.created_at >= ${from} AND (
        (p.ref_kind = 'MAIN' AND NOT EXISTS (SELECT 1 FROM stage_result sr WHERE sr.pipeline_id = p.id AND sr.stage = 'scan'))
        OR (p.ref_kind = 'TAG' AND NOT EXISTS (SELECT 1 FROM stage_result sr WHERE sr.pipeline_id = p.id AND sr.stage = 'release'))
        OR (p.ref_kind = 'BRANCH' AND EXISTS (
          SELECT 1 FROM stage_result sr WHERE sr.pipeline_id = p.id
            AND (sr.stage = 'push' OR (sr.stage = 'deploy-dev' AND sr.status IN ('success', 'failed', 'running'))))))
    ) p
    ORDER BY p.created_at DESC`;
  const jobs = groupBy(
    await loadJobs(db, candidates.map((c) => c.id), null),
    (j) => j.pipelineId,
  );
  return candidates.flatMap((c) => {
    // Judge the latest attempt of each job.
    const latest = new Map<string, JobRow>();
    for (const j of jobs.get(c.id) ?? []) latest.set(j.name, j);
    return brokenRules({ refKind: c.refKind, ref: c.ref, jobs: [...latest.values()] }).map((rule: PipelineRule) => ({
      service: c.service,
      pipelineId: Number(c.id),
      ref: c.ref,
      createdAt: c.createdAt.toISOString(),
      webUrl: c.webUrl,
      rule,
      ruleText: PIPELINE_RULES[rule],
    }));
  });
}

/** Main deployments in the period that put an older pipeline on dev than one deployed before them. */
async function loadOlderPipelineDeploys(db: Db, from: Date): Promise<ComplianceRow[]> {
  const rows = await db.$queryRaw<Array<{ service: string; pipelineId: bigint; ref: string; createdAt: Date; webUrl: string; newerIid: number | null }>>`
    SELECT x.service, x.pipeline_id AS "pipelineId", x.ref, x.created_at AS "createdAt", x.web_url AS "webUrl", x.newer_iid AS "newerIid"
    FROM (
      SELECT s.name AS service, d.pipeline_id, d.ref, d.created_at, p.web_url, p.created_at AS pipeline_created_at,
        max(p.created_at) OVER w AS newest_before, NULL::int AS newer_iid
      FROM service s
      JOIN deployment d ON d.service_id = s.id AND d.environment = ${ENVIRONMENT} AND d.status = 'success' AND d.ref = 'main'
        AND d.created_at >= ${new Date(from.getTime() - LOOKBACK_MS)}
      JOIN pipeline p ON p.id = d.pipeline_id
      WINDOW w AS (PARTITION BY d.service_id ORDER BY d.created_at, d.id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
    ) x
    WHERE x.pipeline_created_at < x.newest_before AND x.created_at >= ${from}
    ORDER BY x.created_at DESC`;
  return rows.map((r) => ({
    service: r.service,
    pipelineId: Number(r.pipelineId),
    ref: r.ref,
    createdAt: r.createdAt.toISOString(),
    webUrl: r.webUrl,
    rule: "older-pipeline",
    ruleText: "Deploy of an older pipeline: a newer main pipeline had already been deployed to dev",
  }));
}

/*
 * Pipelines whose image may not be the one their build produced: a retried build-push (found through
 * the job index by name), a stored IMAGE_TAG other than main-{sha}, or a deployment of another sha;
 * judged by lib/delivery/integrity on their jobs.
 */
async function loadIntegrityFindings(db: Db, from: Date): Promise<ComplianceRow[]> {
  const candidates = await db.$queryRaw<Array<{ service: string; id: bigint; ref: string; sha: string; imageTag: string | null; createdAt: Date; webUrl: string }>>`
    WITH ids AS (
      SELECT j.pipeline_id AS id FROM service s
      JOIN job j ON j.service_id = s.id AND j.name = 'build-push' AND j.retried AND j.created_at >= ${from}
      UNION
      SELECT p.id FROM service s
      JOIN pipeline p ON p.service_id = s.id AND p.ref_kind = 'MAIN' AND p.created_at >= ${from}
      WHERE p.image_tag IS NOT NULL AND p.image_tag <> 'main-' || p.sha
      UNION
      SELECT p.id FROM service s
      JOIN deployment d ON d.service_id = s.id AND d.environment = ${ENVIRONMENT} AND d.created_at >= ${from}
      JOIN pipeline p ON p.id = d.pipeline_id
      WHERE d.sha <> p.sha
    )
    SELECT s.name AS service, p.id, p.ref, p.sha, p.image_tag AS "imageTag", p.created_at AS "createdAt", p.web_url AS "webUrl"
    FROM ids JOIN pipeline p ON p.id = ids.id JOIN service s ON s.id = p.service_id
    ORDER BY p.created_at DESC`;
  if (candidates.length === 0) return [];
  const ids = candidates.map((c) => c.id);
  const [jobs, deployed] = await Promise.all([
    loadJobs(db, ids, DELIVERY_JOBS),
    db.deployment.findMany({ where: { pipelineId: { in: ids } }, select: { pipelineId: true, sha: true } }),
  ]);
  const jobsBy = groupBy(jobs, (j) => j.pipelineId);
  const shasBy = groupBy(deployed, (d) => d.pipelineId);
  return candidates.flatMap((c) =>
    integrityIssues({
      ref: c.ref,
      sha: c.sha,
      imageTag: c.imageTag,
      jobs: (jobsBy.get(c.id) ?? []).map((j) => ({ name: j.name, status: j.status, startedAt: j.startedAt?.getTime() ?? null, finishedAt: j.finishedAt?.getTime() ?? null })),
      deployedShas: (shasBy.get(c.id) ?? []).map((d) => d.sha),
    }).map((issue) => ({
      service: c.service,
      pipelineId: Number(c.id),
      ref: c.ref,
      createdAt: c.createdAt.toISOString(),
      webUrl: c.webUrl,
      rule: issue.kind,
      ruleText: `Image integrity: ${issue.message}`,
    })),
  );
}

export async function getDeploymentsBoard(db: Db, options: DeploymentsOptions): Promise<DeploymentsBoard> {
  const now = options.now ?? new Date();
  const from = new Date(now.getTime() - options.days * DAY_MS);
  const threshold = options.behindThreshold ?? DEFAULT_BEHIND_THRESHOLD;
  const [deployments, services, checks, releases, pipelineFindings, integrityFindings, olderDeploys] = await Promise.all([
    loadDeployments(db, options.recent ?? 10),
    db.service.findMany({ select: { id: true, name: true } }),
    db.ciConfigCheck.findMany({ include: { service: { select: { name: true } } } }),
    loadReleases(db, from),
    loadPipelineFindings(db, from),
    loadIntegrityFindings(db, from),
    loadOlderPipelineDeploys(db, from),
  ]);

  const pipelineIds = [...new Set(deployments.flatMap((d) => (d.pipelineId === null ? [] : [d.pipelineId])))];
  const jobsByPipeline = groupBy(await loadJobs(db, pipelineIds, DELIVERY_JOBS), (j) => j.pipelineId);
  const byService = groupBy(deployments, (d) => d.service);
  const currentRows = deployments.filter((d) => d.current);
  const behind = await mainPipelinesBehind(
    db,
    currentRows.filter((d) => d.pipelineCreatedAt !== null).map((d) => ({ service: d.service, since: d.pipelineCreatedAt ?? d.createdAt })),
  );

  const ciBy = new Map(
    checks.map((c): [string, CiConfigSummary] => [
      c.service.name,
      { templatesRef: c.templatesRef, templates: c.templates, problems: c.problems, error: c.error, checkedAt: c.checkedAt.toISOString() },
    ]),
  );

  const cards: ServiceCard[] = services.map(({ name }) => {
    const rows = byService.get(name) ?? [];
    const older = olderPipelineDeployments(rows);
    const jobsOf = (d: DeploymentRow) => (d.pipelineId === null ? [] : (jobsByPipeline.get(d.pipelineId) ?? []));
    const currentRow = rows.find((d) => d.current);
    const current = currentRow ? summarize(currentRow, jobsOf(currentRow), older.has(currentRow.id)) : null;
    const previous = rows.filter((d) => !d.current && d.id !== currentRow?.id).map((d) => summarize(d, jobsOf(d), older.has(d.id)));
    const mainBehind = currentRow ? (behind.get(name) ?? null) : null;
    const attention: string[] = [];
    if (current?.verify.status === "failed") attention.push("verify-dev failed on what runs on dev");
    const latestAttempt = previous[0];
    if (latestAttempt && current && latestAttempt.createdAt > current.createdAt && latestAttempt.verify.status === "failed") {
      attention.push("the latest deploy attempt failed verify-dev");
    }
    if (mainBehind !== null && mainBehind > threshold) attention.push(`dev is ${mainBehind} main pipelines behind (more than ${threshold})`);
    return { service: name, current, previous, mainPipelinesBehind: mainBehind, attention, ciConfig: ciBy.get(name) ?? null };
  });

  const ciFindings: ComplianceRow[] = [...ciBy.entries()].flatMap(([service, c]) =>
    c.problems.map((problem) => ({ service, pipelineId: null, ref: null, createdAt: null, webUrl: null, rule: "ci-templates", ruleText: `.gitlab-ci.yml: ${problem}` })),
  );

  return {
    generatedAt: now.toISOString(),
    periodDays: options.days,
    behindThreshold: threshold,
    services: ordered(cards, options.serviceOrder),
    releases,
    compliance: [...ordered(ciFindings, options.serviceOrder), ...pipelineFindings],
    integrity: [...integrityFindings, ...olderDeploys].sort((a, b) => (b.createdAt ?? "").localeCompare(a.createdAt ?? "")),
  };
}

interface AttemptRow {
  service: string;
  pipelineId: bigint | null;
  pipelineCreatedAt: Date;
  status: string;
  allowFailure: boolean;
  finishedAt: Date | null;
  commitCreatedAt: Date | null;
  commitTitle: string | null;
  verifyStatus: string | null;
  verifyFinishedAt: Date | null;
}

/** Deploy attempts that ran to an end around the period, each with the verify-dev that followed it. */
function loadAttempts(db: Db, from: Date, to: Date) {
  return db.$queryRaw<AttemptRow[]>`
    SELECT s.name AS service, d.pipeline_id AS "pipelineId", COALESCE(p.created_at, d.created_at) AS "pipelineCreatedAt",
      d.status, d.allow_failure AS "allowFailure", d.finished_at AS "finishedAt", d.commit_created_at AS "commitCreatedAt",
      d.commit_title AS "commitTitle", v.status AS "verifyStatus", v.finished_at AS "verifyFinishedAt"
    FROM service s
    JOIN deployment d ON d.service_id = s.id AND d.environment = ${ENVIRONMENT} AND d.status IN ('success', 'failed')
      AND d.created_at >= ${new Date(from.getTime() - LOOKBACK_MS)} AND d.created_at <= ${to}
    LEFT JOIN pipeline p ON p.id = d.pipeline_id
    LEFT JOIN job dj ON dj.id = d.job_id
    LEFT JOIN LATERAL (
      SELECT j.status, j.finished_at FROM job j
      WHERE j.pipeline_id = d.pipeline_id AND j.name = 'verify-dev' AND j.created_at >= COALESCE(dj.created_at, d.created_at)
      ORDER BY j.created_at, j.id LIMIT 1
    ) v ON d.status = 'success'`;
}

export async function getDeliveryFigures(db: Db, options: DeploymentsOptions): Promise<DeliveryFigures> {
  const now = options.now ?? new Date();
  const from = new Date(now.getTime() - options.days * DAY_MS);
  const [rows, services] = await Promise.all([loadAttempts(db, from, now), db.service.findMany({ select: { name: true } })]);
  const attempts: DeployAttempt[] = rows.map((r) => ({
    service: r.service,
    pipelineId: r.pipelineId === null ? -1 : Number(r.pipelineId),
    pipelineCreatedAt: r.pipelineCreatedAt.getTime(),
    status: r.status,
    allowFailure: r.allowFailure,
    finishedAt: r.finishedAt?.getTime() ?? null,
    commitCreatedAt: r.commitCreatedAt?.getTime() ?? null,
    commitTitle: r.commitTitle,
    verify: r.verifyStatus === null ? null : { status: r.verifyStatus, finishedAt: r.verifyFinishedAt?.getTime() ?? null },
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
