import { DEV_DELIVERY_JOBS, DEV_ENVIRONMENT } from "@/lib/domain/cwiq";
import { DAY_MS } from "@/lib/domain/time";
import type { SimProject, SimulationModel } from "./model";
import { BadRequest } from "./pagination";
import type { PlannedJob, PlannedPipeline } from "./plan";
import { dateParam, enumParam, stringParam } from "./query-params";
import type { Renderer } from "./render";
import { jobStatusAt } from "./state";
import type { JobStatus } from "./status";

/*
 * GitLab's Deployments and Environments APIs for the simulated projects. Every project has one
 * environment, `dev`; every attempt of a deploy-dev job (it declares `environment: dev`) is a
 * deployment whose status follows the job, as GitLab's Deployment state machine does.
 */

/** The job that deploys to dev: each of its attempts is a deployment. */
export const DEPLOY_JOB = DEV_DELIVERY_JOBS.deploy;
/** Deployment ids follow job ids (same creation order), in a range of their own. */
const DEPLOYMENT_ID_OFFSET = 8_000_000;

export interface SimDeployment {
  id: number;
  iid: number;
  pipeline: PlannedPipeline;
  job: PlannedJob;
}

const ORDER_BY = ["id", "iid", "created_at", "updated_at", "finished_at", "ref"] as const;
const SORTS = ["asc", "desc"] as const;
const STATUSES = ["created", "running", "success", "failed", "canceled", "skipped", "blocked"] as const;

type DeploymentStatus = (typeof STATUSES)[number];

const iso = (ms: number): string => new Date(ms).toISOString();

export function deploymentStatus(job: JobStatus): DeploymentStatus {
  switch (job) {
    case "running":
    case "success":
    case "failed":
    case "canceled":
    case "skipped":
      return job;
    default:
      return "created";
  }
}

/** Every deployment of a project that exists at t, ascending by id (= creation order). */
export function deploymentsAt(model: SimulationModel, project: SimProject, t: number): SimDeployment[] {
  const found: Array<{ pipeline: PlannedPipeline; job: PlannedJob }> = [];
  const existing = model.existingCount(project, t);
  for (let i = 0; i < existing; i++) {
    const pipeline = project.pipelines[i];
    if (!pipeline) continue;
    for (const job of pipeline.jobs) if (job.name === DEPLOY_JOB && job.id > 0 && job.createdAt <= t) found.push({ pipeline, job });
  }
  found.sort((a, b) => a.job.id - b.job.id);
  return found.map((d, index) => ({ id: d.job.id - DEPLOYMENT_ID_OFFSET, iid: index + 1, ...d }));
}

/** When the deployment last changed at t: its job's latest transition so far. */
export function deploymentUpdatedAt(d: SimDeployment, t: number): number {
  let at = d.job.createdAt;
  for (const tr of d.job.transitions) if (tr.at <= t) at = Math.max(at, tr.at);
  return at;
}

function finishedAt(d: SimDeployment, t: number): number | null {
  const status = jobStatusAt(d.job, t);
  return d.job.finishedAt !== null && d.job.finishedAt <= t && (status === "success" || status === "failed" || status === "canceled")
    ? d.job.finishedAt
    : null;
}

export function environmentJson(renderer: Renderer, project: SimProject, last: SimDeployment | undefined, t: number) {
  const web = new URL(renderer.baseUrl).host;
  return {
    id: 900 + project.index,
    name: DEV_ENVIRONMENT,
    slug: DEV_ENVIRONMENT,
    external_url: `https://${project.path}.dev.cwiq.example`,
    created_at: iso(project.createdAt + DAY_MS),
    updated_at: iso(last ? deploymentUpdatedAt(last, t) : project.createdAt + DAY_MS),
    tier: "development",
    state: "available",
    auto_stop_at: null,
    description: `Shared dev environment (${web})`,
  };
}

/** One deployment as GitLab's Deployment entity at t, without its deployable (see deploymentJson). */
export function deploymentEntity(renderer: Renderer, project: SimProject, d: SimDeployment, t: number) {
  const status = jobStatusAt(d.job, t) ?? "created";
  const finished = finishedAt(d, t);
  return {
    id: d.id,
    iid: d.iid,
    ref: d.pipeline.ref,
    sha: d.pipeline.sha,
    created_at: iso(d.job.createdAt),
    updated_at: iso(deploymentUpdatedAt(d, t)),
    finished_at: finished === null ? null : iso(finished),
    status: deploymentStatus(status),
    user: renderer.userBasic(d.pipeline.user),
    environment: environmentJson(renderer, project, undefined, d.job.createdAt),
  };
}

export type DeploymentEntity = ReturnType<typeof deploymentEntity>;

/** One deployment as GitLab's Deployment entity, with its deployable (the job, pipeline included). */
export function deploymentJson(renderer: Renderer, project: SimProject, d: SimDeployment, t: number): string {
  const text = JSON.stringify(deploymentEntity(renderer, project, d, t));
  return `${text.slice(0, -1)},"deployable":${renderer.jobJson(d.pipeline, d.job, t)}}`;
}

/**
 * `GET /projects/:id/deployments` after GitLab's DeploymentsFinder: the updated_at filters need
 * `order_by=updated_at`, the finished_at filters `order_by=finished_at` and `status=success`.
 */
export function queryDeployments(model: SimulationModel, project: SimProject, query: URLSearchParams, t: number): SimDeployment[] {
  const orderBy = enumParam(query, "order_by", ORDER_BY) ?? "id";
  const sort = enumParam(query, "sort", SORTS) ?? "asc";
  const status = enumParam(query, "status", STATUSES);
  const environment = stringParam(query, "environment");
  const updatedAfter = dateParam(query, "updated_after");
  const updatedBefore = dateParam(query, "updated_before");
  const finishedAfter = dateParam(query, "finished_after");
  const finishedBefore = dateParam(query, "finished_before");
  const byUpdated = updatedAfter !== null || updatedBefore !== null;
  const byFinished = finishedAfter !== null || finishedBefore !== null;
  if (byUpdated && byFinished) throw new BadRequest("Both `updated_at` filter and `finished_at` filter can not be specified");
  if (byUpdated && orderBy !== "updated_at") throw new BadRequest("`updated_at` filter requires `updated_at` sort");
  if (byFinished && (orderBy !== "finished_at" || status !== "success")) {
    throw new BadRequest("`finished_at` filter requires `finished_at` sort and `success` status filter");
  }

  if (environment !== null && environment !== DEV_ENVIRONMENT) return [];
  const keyed = deploymentsAt(model, project, t)
    .map((d) => ({ d, updated: deploymentUpdatedAt(d, t), finished: finishedAt(d, t), status: deploymentStatus(jobStatusAt(d.job, t) ?? "created") }))
    .filter((x) => status === null || x.status === status)
    .filter((x) => updatedAfter === null || x.updated >= updatedAfter)
    .filter((x) => updatedBefore === null || x.updated <= updatedBefore)
    .filter((x) => finishedAfter === null || (x.finished !== null && x.finished >= finishedAfter))
    .filter((x) => finishedBefore === null || (x.finished !== null && x.finished <= finishedBefore));

  const key = (x: (typeof keyed)[number]): number | string => {
    switch (orderBy) {
      case "id":
      case "iid":
        return x.d.id;
      case "created_at":
        return x.d.job.createdAt;
      case "updated_at":
        return x.updated;
      case "finished_at":
        return x.finished ?? Infinity;
      case "ref":
        return x.d.pipeline.ref;
    }
  };
  keyed.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return (ka < kb ? -1 : ka > kb ? 1 : 0) || a.d.id - b.d.id;
  });
  const ascending = keyed.map((x) => x.d);
  return sort === "asc" ? ascending : ascending.reverse();
}
