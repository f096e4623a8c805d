import { DAY_MS } from "@/lib/domain/time";
import { percentile } from "../metrics/percentile";
import { changeFailureBand, frequencyBand, leadTimeBand, restoreBand, type Band } from "./bands";
import type { DeployAttempt } from "./deploy-attempt";

/*
 * The four DORA figures from deploy-dev history. A deployment is a successful deploy-dev job that
 * is not allow_failure; several from one pipeline (retries, re-runs) count once, at the first.
 */

export interface Period {
  /** Epoch ms, inclusive. */
  from: number;
  to: number;
}

export interface DoraFigures {
  deployments: number;
  /** Distinct UTC days with a deployment. */
  deploymentDays: number;
  perDay: number;
  deploymentDaysPerWeek: number;
  frequencyBand: Band;
  /** Seconds from commit to its successful deploy-dev. */
  leadTime: { median: number | null; p90: number | null; band: Band | null };
  changeFailure: { failed: number; total: number; rate: number | null; band: Band | null };
  /** Seconds from a failed verify-dev to the next passing one. */
  timeToRestore: { median: number | null; incidents: number; band: Band | null };
}


/** A commit that repairs: a fix or hotfix branch merged, a `fix:`/`hotfix:` commit, or a revert. */
export function isFixTitle(title: string | null): boolean {
  if (!title) return false;
  return /^(fix|hotfix)\b|^revert\b|merge branch '(fix|hotfix)\//i.test(title.trim());
}

export function isDeployment(a: DeployAttempt): a is DeployAttempt & { finishedAt: number } {
  return a.status === "success" && !a.allowFailure && a.finishedAt !== null;
}

interface PipelineDeployment {
  service: string;
  pipelineId: number;
  at: number;
  first: DeployAttempt;
  attempts: DeployAttempt[];
}

/** One deployment per pipeline (GitLab pipeline ids are unique), at its first successful attempt; by time. */
export function pipelineDeployments(attempts: readonly DeployAttempt[]): PipelineDeployment[] {
  const byPipeline = new Map<number, PipelineDeployment>();
  const all = new Map<number, DeployAttempt[]>();
  for (const a of attempts) {
    const list = all.get(a.pipelineId);
    if (list) list.push(a);
    else all.set(a.pipelineId, [a]);
    if (!isDeployment(a)) continue;
    const known = byPipeline.get(a.pipelineId);
    if (!known || a.finishedAt < known.at) {
      byPipeline.set(a.pipelineId, { service: a.service, pipelineId: a.pipelineId, at: a.finishedAt, first: a, attempts: [] });
    }
  }
  for (const [id, d] of byPipeline) d.attempts = all.get(id) ?? [];
  return [...byPipeline.values()].sort((x, y) => x.at - y.at || x.pipelineId - y.pipelineId);
}

const inPeriod = (t: number, p: Period) => t >= p.from && t <= p.to;

/** The first successful deploy of another pipeline after d, by binary search then a short scan. */
function nextOtherDeploy<T extends DeployAttempt & { finishedAt: number }>(sorted: readonly T[], d: PipelineDeployment): T | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid]?.finishedAt ?? Infinity) <= d.at) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < sorted.length; i++) if (sorted[i]?.pipelineId !== d.pipelineId) return sorted[i];
  return undefined;
}

/**
 * Failed: a verify-dev after one of its deploys failed, or the next deployment of the service (within
 * the period) is a fix deploy or a deploy of an older pipeline (a rollback).
 */
function changeFailures(deployments: readonly PipelineDeployment[], attempts: readonly DeployAttempt[], period: Period) {
  const successes = new Map<string, Array<DeployAttempt & { finishedAt: number }>>();
  for (const a of attempts) {
    if (!isDeployment(a)) continue;
    const list = successes.get(a.service) ?? [];
    list.push(a);
    successes.set(a.service, list);
  }
  for (const list of successes.values()) list.sort((a, b) => a.finishedAt - b.finishedAt);
  let failed = 0;
  let total = 0;
  for (const d of deployments) {
    if (!inPeriod(d.at, period)) continue;
    total += 1;
    const verifyFailed = d.attempts.some((a) => a.verify?.status === "failed");
    const next = nextOtherDeploy(successes.get(d.service) ?? [], d);
    const fixedAfter =
      next !== undefined && next.finishedAt <= period.to && (isFixTitle(next.commitTitle) || next.pipelineId < d.pipelineId);
    if (verifyFailed || fixedAfter) failed += 1;
  }
  return { failed, total };
}

/** Seconds from each failed verify-dev (the first of a failing streak) to the next passing one, restored within the period. */
export function restoreDurations(attempts: readonly DeployAttempt[], period: Period): number[] {
  const byService = new Map<string, Array<{ at: number; ok: boolean }>>();
  for (const a of attempts) {
    const v = a.verify;
    if (!v || v.finishedAt === null || (v.status !== "success" && v.status !== "failed")) continue;
    const list = byService.get(a.service) ?? [];
    list.push({ at: v.finishedAt, ok: v.status === "success" });
    byService.set(a.service, list);
  }
  const durations: number[] = [];
  for (const events of byService.values()) {
    events.sort((x, y) => x.at - y.at);
    let brokenSince: number | null = null;
    for (const e of events) {
      if (!e.ok && brokenSince === null) brokenSince = e.at;
      if (e.ok && brokenSince !== null) {
        if (inPeriod(e.at, period)) durations.push((e.at - brokenSince) / 1000);
        brokenSince = null;
      }
    }
  }
  return durations;
}

export function doraFigures(attempts: readonly DeployAttempt[], period: Period): DoraFigures {
  const deployments = pipelineDeployments(attempts);
  const inside = deployments.filter((d) => inPeriod(d.at, period));
  const days = Math.max((period.to - period.from) / DAY_MS, 1 / 24);
  const deploymentDays = new Set(inside.map((d) => Math.floor(d.at / DAY_MS))).size;
  const perWeek = deploymentDays / (days / 7);

  const leads = inside
    .map((d) => (d.first.commitCreatedAt === null ? null : Math.max(0, (d.at - d.first.commitCreatedAt) / 1000)))
    .filter((v): v is number => v !== null);
  const leadMedian = percentile(leads, 0.5);

  const { failed, total } = changeFailures(deployments, attempts, period);
  const rate = total === 0 ? null : failed / total;

  const restores = restoreDurations(attempts, period);
  const restoreMedian = percentile(restores, 0.5);

  return {
    deployments: inside.length,
    deploymentDays,
    perDay: inside.length / days,
    deploymentDaysPerWeek: perWeek,
    frequencyBand: frequencyBand(perWeek),
    leadTime: { median: leadMedian, p90: percentile(leads, 0.9), band: leadTimeBand(leadMedian) },
    changeFailure: { failed, total, rate, band: changeFailureBand(rate) },
    timeToRestore: { median: restoreMedian, incidents: restores.length, band: restoreBand(restoreMedian) },
  };
}

/** What each figure means, shown on hover. */
export const DORA_DEFINITIONS = {
  deploymentFrequency:
    "Successful deploy-dev jobs per day in the period (several from one pipeline count once; skipped, canceled and allow_failure deploy jobs never count). The band uses deployment days per week: elite at least 3, high at least 1, medium at least monthly.",
  leadTime:
    "From the commit's creation to its first successful deploy-dev; median and 90th percentile. Elite under 1 hour, high under 1 week, medium under 6 months.",
  changeFailureRate:
    "Deployments whose verify-dev failed, or that were followed within the period by a fix deploy (a fix/hotfix merge or a revert) or a deploy of an older pipeline, over all deployments. Elite 5% or less, high 10%, medium 15%.",
  timeToRestore:
    "From a failed verify-dev to the next passing one on the same service; median over the restores in the period. Elite under 1 hour, high under 1 day, medium under 1 week.",
} as const;
