import { artifactFile } from "./artifacts";
import { RELEASE_BOT } from "./catalog";
import { DEPLOYMENT_ROUTES, handleDeploymentRoute } from "./deployments-api";
import type { FindingsWorld } from "./findings/types";
import { accessLevel, type SimUser } from "./oidc/users";
import type { SimProject, SimulationModel } from "./model";
import { BadRequest, paginate, readPageParams, type PageLinkContext } from "./pagination";
import { queryPipelines, UpdatedAtOrder } from "./pipeline-query";
import type { PlannedPipeline } from "./plan";
import { boolParam, listParam, stringParam } from "./query-params";
import type { Renderer } from "./render";
import { isLatestAt, jobStatusAt } from "./state";
import { AVAILABLE_STATUSES } from "./status";
import type { ApiResponse, MatchedRoute } from "./api-types";

/** The GitLab REST v4 routes the simulator answers (GET/HEAD only), relative to `/api/v4/`. */
const ROUTES: readonly string[] = [
  "version",
  "user",
  "projects",
  "projects/:id",
  "projects/:id/pipelines",
  "projects/:id/pipelines/latest",
  "projects/:id/pipelines/:pipeline_id",
  "projects/:id/pipelines/:pipeline_id/jobs",
  "projects/:id/pipelines/:pipeline_id/bridges",
  "projects/:id/pipelines/:pipeline_id/test_report_summary",
  "projects/:id/pipelines/:pipeline_id/test_report",
  "projects/:id/jobs/:job_id",
  "projects/:id/merge_requests/:merge_request_iid",
  // A trailing `*name` parameter takes the rest of the path (one or more segments).
  "projects/:id/jobs/:job_id/artifacts/*artifact_path",
  ...DEPLOYMENT_ROUTES,
];

const SPLIT_ROUTES = ROUTES.map((template) => ({ template, parts: template.split("/") }));

/** Matches a path below `/api/v4/`; literal segments win over parameters (`pipelines/latest`). */
export function matchRoute(subPath: string): MatchedRoute | null {
  const segments = subPath.split("/").filter((s) => s !== "");
  let best: MatchedRoute | null = null;
  let bestLiterals = -1;
  for (const route of SPLIT_ROUTES) {
    const wildcard = route.parts[route.parts.length - 1]?.startsWith("*") ?? false;
    if (wildcard ? segments.length < route.parts.length : route.parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let literals = 0;
    let ok = true;
    for (let i = 0; i < route.parts.length && ok; i++) {
      const part = route.parts[i] ?? "";
      const segment = segments[i] ?? "";
      if (part.startsWith("*")) {
        try {
          params[part.slice(1)] = segments.slice(i).map(decodeURIComponent).join("/");
        } catch {
          ok = false;
        }
      } else if (part.startsWith(":")) {
        try {
          params[part.slice(1)] = decodeURIComponent(segment);
        } catch {
          ok = false;
        }
      } else if (part === segment) {
        literals++;
      } else {
        ok = false;
      }
    }
    if (ok && literals > bestLiterals) {
      best = { template: route.template, params };
      bestLiterals = literals;
    }
  }
  return best;
}

export interface ApiContext {
  model: SimulationModel;
  renderer: Renderer;
  countLimit: number;
  updatedAtOrder: UpdatedAtOrder;
  findings: FindingsWorld;
}

export function createApiContext(model: SimulationModel, renderer: Renderer, countLimit: number, findings: FindingsWorld): ApiContext {
  return { model, renderer, countLimit, updatedAtOrder: new UpdatedAtOrder(), findings };
}

export interface ApiRequest {
  route: MatchedRoute;
  query: URLSearchParams;
  /** Absolute URL of the request without query (for Link headers), as the client addressed us. */
  endpoint: string;
  /** Simulated time the request is answered at. */
  t: number;
  /** A signed-in user's OAuth token: only projects they are a member of exist for them. */
  viewer?: SimUser;
}

const json = (status: number, value: unknown, headers: Record<string, string> = {}): ApiResponse => ({
  status,
  headers,
  body: typeof value === "string" ? value : JSON.stringify(value),
});

const NOT_FOUND = (what = "Not found"): ApiResponse => json(404, { message: `404 ${what}` });

function findProject(model: SimulationModel, idOrPath: string): SimProject | undefined {
  if (/^\d+$/.test(idOrPath)) return model.projects.find((p) => p.id === Number(idOrPath));
  const wanted = idOrPath.toLowerCase();
  return model.projects.find((p) => p.pathWithNamespace.toLowerCase() === wanted);
}

function integerId(params: Record<string, string>, name: string): number {
  const raw = params[name] ?? "";
  if (!/^\d+$/.test(raw)) throw new BadRequest(`${name} is invalid`);
  return Number(raw);
}

function findPipeline(ctx: ApiContext, project: SimProject, params: Record<string, string>, t: number): PlannedPipeline | null {
  const pipeline = ctx.model.pipeline(integerId(params, "pipeline_id"));
  return pipeline && pipeline.projectId === project.id && pipeline.createdAt <= t ? pipeline : null;
}

function pageContext(ctx: ApiContext, req: ApiRequest): PageLinkContext {
  return { endpoint: req.endpoint, query: req.query, routeParams: req.route.params, countLimit: ctx.countLimit };
}

const array = (items: readonly string[]): string => `[${items.join(",")}]`;

const GUEST = 10;

/**
 * `GET /projects`, newest first: for the integration's token every project; for a user's token the
 * ones they can read, and with `membership=true&min_access_level=N` those where their role is at least N.
 */
function visibleProjects(model: SimulationModel, req: ApiRequest): SimProject[] {
  const projects = [...model.projects].reverse();
  const viewer = req.viewer;
  if (!viewer) return projects;
  const minimum = Math.max(GUEST, Number(req.query.get("min_access_level") ?? 0) || 0);
  return projects.filter((project) => accessLevel(viewer, project.pathWithNamespace) >= minimum);
}

export function handleApi(ctx: ApiContext, req: ApiRequest): ApiResponse {
  try {
    return route(ctx, req);
  } catch (error) {
    if (error instanceof BadRequest) return json(400, { error: error.message });
    throw error;
  }
}

function route(ctx: ApiContext, req: ApiRequest): ApiResponse {
  const { route: matched, query, t } = req;
  const { model, renderer } = ctx;

  switch (matched.template) {
    case "version":
      return json(200, { version: "17.11.0-ee", revision: "simulated", kas: { enabled: false, externalUrl: null, version: null }, enterprise: true });
    case "user":
      return json(200, { ...renderer.userBasic(RELEASE_BOT), bot: true });
    case "projects": {
      const page = paginate(visibleProjects(model, req), readPageParams(query), pageContext(ctx, req));
      return json(200, array(page.items.map((p) => JSON.stringify(renderer.project(p, t)))), page.headers);
    }
  }

  const project = findProject(model, matched.params.id ?? "");
  // GitLab answers a private project one cannot read as if it did not exist.
  if (!project || (req.viewer && accessLevel(req.viewer, project.pathWithNamespace) < GUEST)) return NOT_FOUND("Project Not Found");

  switch (matched.template) {
    case "projects/:id":
      return json(200, renderer.project(project, t));

    case "projects/:id/pipelines": {
      const pageParams = readPageParams(query);
      const pipelines = queryPipelines(model, renderer, ctx.updatedAtOrder, project, query, t);
      const page = paginate(pipelines, pageParams, pageContext(ctx, req));
      return json(200, array(page.items.map((p) => renderer.pipelineListItemJson(p, t))), page.headers);
    }

    case "projects/:id/pipelines/latest": {
      const ref = stringParam(query, "ref") ?? "main";
      const existing = project.pipelines.slice(0, model.existingCount(project, t));
      // GitLab's latest pipeline of a ref is never a child pipeline.
      const latest = existing.findLast((p) => p.ref === ref && p.parent === null);
      return latest ? json(200, renderer.pipelineJson(latest, t)) : NOT_FOUND();
    }

    case "projects/:id/pipelines/:pipeline_id": {
      const pipeline = findPipeline(ctx, project, matched.params, t);
      return pipeline ? json(200, renderer.pipelineJson(pipeline, t)) : NOT_FOUND();
    }

    case "projects/:id/merge_requests/:merge_request_iid": {
      const iid = Number(matched.params.merge_request_iid);
      const mr = Number.isInteger(iid) ? model.mergeRequest(project.index, iid, t) : null;
      return mr ? json(200, renderer.mergeRequest(project, mr)) : NOT_FOUND();
    }

    case "projects/:id/pipelines/:pipeline_id/jobs": {
      const pipeline = findPipeline(ctx, project, matched.params, t);
      if (!pipeline) return NOT_FOUND();
      const includeRetried = boolParam(query, "include_retried") ?? false;
      const scope = listParam(query, "scope");
      if (scope && scope.some((s) => !AVAILABLE_STATUSES.includes(s))) throw new BadRequest("scope does not have a valid value");
      const pageParams = readPageParams(query);
      const jobs = pipeline.jobs
        .filter((job) => (includeRetried ? job.createdAt <= t : isLatestAt(job, t)))
        .filter((job) => !scope || scope.includes(jobStatusAt(job, t) ?? ""))
        .reverse(); // id descending
      const page = paginate(jobs, pageParams, pageContext(ctx, req));
      return json(200, array(page.items.map((job) => renderer.jobJson(pipeline, job, t))), page.headers);
    }

    case "projects/:id/pipelines/:pipeline_id/bridges": {
      const pipeline = findPipeline(ctx, project, matched.params, t);
      if (!pipeline) return NOT_FOUND();
      const scope = listParam(query, "scope");
      if (scope && scope.some((s) => !AVAILABLE_STATUSES.includes(s))) throw new BadRequest("scope does not have a valid value");
      const bridges = pipeline.bridges.filter((b) => b.createdAt <= t && (!scope || scope.includes(jobStatusAt(b, t) ?? "")));
      const page = paginate(bridges, readPageParams(query), pageContext(ctx, req));
      return json(200, array(page.items.map((b) => JSON.stringify(renderer.bridge(pipeline, b, t)))), page.headers);
    }

    case "projects/:id/pipelines/:pipeline_id/test_report_summary": {
      const pipeline = findPipeline(ctx, project, matched.params, t);
      return pipeline ? json(200, renderer.testReportSummary(pipeline, t)) : NOT_FOUND();
    }

    case "projects/:id/pipelines/:pipeline_id/test_report": {
      const pipeline = findPipeline(ctx, project, matched.params, t);
      return pipeline ? json(200, renderer.testReport(pipeline, t)) : NOT_FOUND();
    }

    case "projects/:id/jobs/:job_id": {
      const found = model.job(integerId(matched.params, "job_id"));
      if (!found || found.pipeline.projectId !== project.id || found.job.createdAt > t) return NOT_FOUND();
      return json(200, renderer.jobJson(found.pipeline, found.job, t));
    }

    case "projects/:id/jobs/:job_id/artifacts/*artifact_path": {
      const path = matched.params.artifact_path ?? "";
      const file = artifactFile(ctx, project.id, integerId(matched.params, "job_id"), path, t);
      if (file === null) return json(404, { message: "404 Not Found" });
      const filename = path.slice(path.lastIndexOf("/") + 1);
      const disposition = `attachment; filename="${filename}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
      return { status: 200, headers: { "Content-Disposition": disposition }, body: file, contentType: "application/octet-stream" };
    }
  }
  const deployments = handleDeploymentRoute(model, renderer, project, matched, query, t, pageContext(ctx, req));
  if (deployments) return deployments;
  return json(404, { error: "404 Not Found" });
}
