import type { ApiResponse, MatchedRoute } from "./api-types";
import { repositoryFile, repositoryFileJson } from "./ci-config";
import { DEV_ENVIRONMENT } from "@/lib/domain/cwiq";
import { deploymentJson, deploymentsAt, environmentJson, queryDeployments } from "./deployments";
import type { SimProject, SimulationModel } from "./model";
import { BadRequest, paginate, readPageParams, type PageLinkContext } from "./pagination";
import { stringParam } from "./query-params";
import type { Renderer } from "./render";

/** Routes of GitLab's Deployments, Environments and repository files APIs, relative to `/api/v4/`. */
export const DEPLOYMENT_ROUTES: readonly string[] = [
  "projects/:id/deployments",
  "projects/:id/environments",
  "projects/:id/repository/files/:file_path",
  "projects/:id/repository/files/:file_path/raw",
];

const json = (status: number, value: unknown, headers: Record<string, string> = {}): ApiResponse => ({
  status,
  headers,
  body: typeof value === "string" ? value : JSON.stringify(value),
});

/** A ref the repository knows: the default branch, HEAD or a full commit sha. */
const knownRef = (ref: string) => ref === "main" || ref === "HEAD" || /^[0-9a-f]{40}$/.test(ref);

/** Answers a deployments or environments route for a project, or null when the route is not one of them. */
export function handleDeploymentRoute(
  model: SimulationModel,
  renderer: Renderer,
  project: SimProject,
  matched: MatchedRoute,
  query: URLSearchParams,
  t: number,
  pageContext: PageLinkContext,
): ApiResponse | null {
  switch (matched.template) {
    case "projects/:id/deployments": {
      const pageParams = readPageParams(query);
      const page = paginate(queryDeployments(model, project, query, t), pageParams, pageContext);
      return json(200, `[${page.items.map((d) => deploymentJson(renderer, project, d, t)).join(",")}]`, page.headers);
    }

    case "projects/:id/environments": {
      const name = stringParam(query, "name");
      const search = stringParam(query, "search");
      const all = deploymentsAt(model, project, t);
      const last = all.findLast((d) => d.job.startedAt !== null && d.job.startedAt <= t);
      const env = { ...environmentJson(renderer, project, last, t), last_deployment: last ? JSON.parse(deploymentJson(renderer, project, last, t)) as unknown : null };
      const matches = (name === null || name === DEV_ENVIRONMENT) && (search === null || DEV_ENVIRONMENT.includes(search));
      const page = paginate(matches ? [env] : [], readPageParams(query), pageContext);
      return json(200, page.items, page.headers);
    }

    case "projects/:id/repository/files/:file_path":
    case "projects/:id/repository/files/:file_path/raw": {
      const ref = stringParam(query, "ref");
      const raw = matched.template.endsWith("/raw");
      if (ref === null && !raw) throw new BadRequest("ref is missing");
      if (ref !== null && !knownRef(ref)) return json(404, { message: "404 Commit Not Found" });
      const path = matched.params.file_path ?? "";
      const content = repositoryFile(project, path);
      if (!content) return json(404, { message: "404 File Not Found" });
      if (raw) return { status: 200, headers: {}, body: content.toString("utf8"), contentType: "text/plain; charset=utf-8" };
      return json(200, repositoryFileJson(model, project, path, ref ?? "main", content, t));
    }
  }
  return null;
}
