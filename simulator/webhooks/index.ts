import type { SimClock } from "../clock";
import { DEPLOY_JOB, deploymentEntity, deploymentStatus, deploymentsAt, type SimDeployment } from "../deployments";
import type { GitLabProject } from "../gitlab-types";
import type { SimProject, SimulationModel } from "../model";
import type { PlannedJob, PlannedPipeline } from "../plan";
import type { Renderer } from "../render";
import { jobStatusAt } from "../state";
import { deploymentHookPayload, jobHookPayload, pipelineHookPayload } from "./payloads";

/*
 * The webhooks the simulated GitLab would send: once started, every pipeline, job and deployment
 * transition the simulated clock passes is POSTed to the target as GitLab does (X-Gitlab-Event,
 * X-Gitlab-Token, JSON body), in the order they happened. A timer sends what is due; `flush()` does it
 * now, for tests with a frozen clock.
 */

export interface WebhookDelivery {
  event: "Pipeline Hook" | "Job Hook" | "Deployment Hook";
  at: number;
  body: unknown;
}

export interface WebhookFlushResult {
  sent: number;
  /** Deliveries the target refused (non-2xx) or could not be reached for; GitLab does not resend them either. */
  failed: number;
}

export interface SimWebhooks {
  /** Starts sending transitions after the clock's now to `targetUrl`, with `secret` as X-Gitlab-Token. */
  start(targetUrl: string, secret: string, options?: { intervalMs?: number }): void;
  stop(): Promise<void>;
  /** Sends everything due up to the clock's now and resolves when the target answered. */
  flush(): Promise<WebhookFlushResult>;
  readonly active: boolean;
  readonly sent: number;
  readonly failed: number;
}

export interface SimWebhookContext {
  model: SimulationModel;
  clock: SimClock;
  renderer: () => Renderer;
}

/** GitLab gives up on a hook after 10 s. */
const DELIVERY_TIMEOUT_MS = 10_000;

/** GitLab's Deployment model runs its hooks on entering these statuses only (not created, skipped, blocked). */
const HOOKED_DEPLOYMENT_STATUSES: ReadonlySet<string> = new Set(["running", "success", "failed", "canceled"]);

/**
 * Hooks due in (since, until]: one Pipeline Hook per pipeline transition, one Job Hook per job
 * transition, one Deployment Hook per deploy-dev attempt entering running, success, failed or canceled.
 */
export function dueWebhooks(ctx: SimWebhookContext, since: number, until: number): WebhookDelivery[] {
  const { model } = ctx;
  const renderer = ctx.renderer();
  model.ensure(until);
  const due: WebhookDelivery[] = [];
  for (const simProject of model.projects) {
    // Listed only when a deploy-dev job moved in the window: it walks all of the project's pipelines.
    let deployments: SimDeployment[] | undefined;
    const deploymentOf = (job: PlannedJob) => (deployments ??= deploymentsAt(model, simProject, until)).find((d) => d.job === job);
    const count = model.existingCount(simProject, until);
    for (let i = count - 1; i >= 0; i--) {
      const pipeline = simProject.pipelines[i];
      if (!pipeline) continue;
      // Pipelines settle in creation order only roughly: look back far enough, skip what is settled.
      if (pipeline.settledAt <= since) {
        if (pipeline.createdAt < since - 7 * 86_400_000) break;
        continue;
      }
      const project = renderer.project(simProject, until);
      for (const tr of pipeline.transitions) {
        if (tr.at > since && tr.at <= until) {
          const jobs = visibleJobs(pipeline, tr.at).map((job) => renderer.job(pipeline, job, tr.at));
          due.push({ event: "Pipeline Hook", at: tr.at, body: pipelineHookPayload(project, renderer.pipeline(pipeline, tr.at), jobs) });
        }
      }
      for (const job of pipeline.jobs) {
        if (job.id === 0) continue;
        const retries = pipeline.jobs.filter((other) => other.name === job.name && other.id !== 0 && other.id < job.id).length;
        for (const tr of job.transitions) {
          if (tr.at > since && tr.at <= until) {
            due.push({ event: "Job Hook", at: tr.at, body: jobHookPayload(project, renderer.job(pipeline, job, tr.at), retries) });
          }
        }
        if (job.name === DEPLOY_JOB) due.push(...deploymentHooks(renderer, { simProject, project, pipeline, job }, deploymentOf, since, until));
      }
    }
  }
  return due.sort((a, b) => a.at - b.at);
}

/** The Deployment Hooks of one deploy-dev attempt in (since, until], each with the deployment as the API serves it then. */
function deploymentHooks(
  renderer: Renderer,
  { simProject, project, pipeline, job }: { simProject: SimProject; project: GitLabProject; pipeline: PlannedPipeline; job: PlannedJob },
  deploymentOf: (job: PlannedJob) => SimDeployment | undefined,
  since: number,
  until: number,
): WebhookDelivery[] {
  const hooks: WebhookDelivery[] = [];
  const statusAt = (t: number) => deploymentStatus(jobStatusAt(job, t) ?? "created");
  const times = [...new Set(job.transitions.map((tr) => tr.at))].filter((at) => at > since && at <= until);
  for (const at of times) {
    const status = statusAt(at);
    if (!HOOKED_DEPLOYMENT_STATUSES.has(status) || status === statusAt(at - 1)) continue;
    const deployment = deploymentOf(job);
    if (!deployment) continue;
    const body = deploymentHookPayload(project, deploymentEntity(renderer, simProject, deployment, at), renderer.job(pipeline, job, at));
    hooks.push({ event: "Deployment Hook", at, body });
  }
  return hooks;
}

function visibleJobs(pipeline: PlannedPipeline, t: number) {
  return pipeline.jobs.filter((job) => job.id !== 0 && job.createdAt <= t).reverse();
}

export function createSimWebhooks(ctx: SimWebhookContext): SimWebhooks {
  let target: { url: string; secret: string } | null = null;
  let since = 0;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<WebhookFlushResult> | null = null;
  let sent = 0;
  let failed = 0;

  async function deliver(url: string, secret: string, delivery: WebhookDelivery): Promise<boolean> {
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Gitlab-Event": delivery.event, "X-Gitlab-Token": secret, "User-Agent": "GitLab/18.0.0" },
        body: JSON.stringify(delivery.body),
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      await response.body?.cancel();
      return response.ok;
    } catch {
      return false;
    }
  }

  async function flushOnce(): Promise<WebhookFlushResult> {
    if (!target) return { sent: 0, failed: 0 };
    const { url, secret } = target;
    const until = ctx.clock.now();
    const due = dueWebhooks(ctx, since, until);
    since = until;
    const result = { sent: 0, failed: 0 };
    // In order, one at a time, as GitLab's queue for one hook delivers them.
    for (const delivery of due) {
      if (await deliver(url, secret, delivery)) result.sent += 1;
      else result.failed += 1;
    }
    sent += result.sent;
    failed += result.failed;
    return result;
  }

  function flush(): Promise<WebhookFlushResult> {
    // One flush at a time; a caller during a timer flush waits for it, then sends what is left.
    const run = (inFlight ?? Promise.resolve({ sent: 0, failed: 0 })).then(flushOnce, flushOnce);
    const tracked = run.finally(() => {
      if (inFlight === tracked) inFlight = null;
    });
    inFlight = tracked;
    return tracked;
  }

  return {
    start(targetUrl, secret, options = {}) {
      target = { url: targetUrl, secret };
      since = ctx.clock.now();
      clearInterval(timer);
      timer = setInterval(() => {
        if (!inFlight) void flush();
      }, options.intervalMs ?? 250);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await inFlight?.catch(() => {});
      target = null;
    },
    flush,
    get active() {
      return target !== null;
    },
    get sent() {
      return sent;
    },
    get failed() {
      return failed;
    },
  };
}
