import type { SimProject, SimulationModel } from "./model";
import type { PlannedPipeline } from "./plan";
import { dateParam, enumParam, boolParam, stringParam } from "./query-params";
import type { Renderer } from "./render";
import { AVAILABLE_STATUSES, COMPLETED_STATUSES } from "./status";

/** Filtering and ordering of `GET /projects/:id/pipelines`, after Ci::PipelinesFinder. */

const SCOPES = ["running", "pending", "finished", "branches", "tags"] as const;
const ORDER_BY = ["id", "status", "ref", "updated_at", "user_id"] as const;
const SORTS = ["asc", "desc"] as const;
const SOURCES = [
  "unknown",
  "push",
  "web",
  "trigger",
  "schedule",
  "api",
  "external",
  "pipeline",
  "chat",
  "webide",
  "merge_request_event",
  "external_pull_request_event",
  "parent_pipeline",
  "ondemand_dast_scan",
  "ondemand_dast_validation",
  "security_orchestration_policy",
  "container_registry_push",
  "duo_workflow",
  "pipeline_execution_policy_schedule",
] as const;

type OrderBy = (typeof ORDER_BY)[number];

/** Latest pipeline per ref, as the `branches` and `tags` scopes return. */
function latestPerRef(pipelines: readonly PlannedPipeline[]): Set<PlannedPipeline> {
  const latest = new Map<string, PlannedPipeline>();
  for (const p of pipelines) latest.set(p.ref, p); // ascending id: the last one wins
  return new Set(latest.values());
}

const byUpdatedThenId = (a: { updatedAt: number; p: PlannedPipeline }, b: { updatedAt: number; p: PlannedPipeline }) =>
  a.updatedAt - b.updatedAt || a.p.id - b.p.id;

/**
 * Pipelines in (updated_at, id) order without sorting thousands per request: settled pipelines keep
 * their final updated_at, so their order is computed once per project and merged with the few still
 * changing at time t. This is the order an incremental sync polls with.
 */
export class UpdatedAtOrder {
  private readonly settledOrder = new Map<number, { length: number; order: PlannedPipeline[] }>();

  ascending(project: SimProject, existing: readonly PlannedPipeline[], renderer: Renderer, t: number): PlannedPipeline[] {
    let cached = this.settledOrder.get(project.id);
    if (!cached || cached.length !== project.pipelines.length) {
      const keyed = project.pipelines.map((p) => ({ p, updatedAt: finalUpdatedAt(p) }));
      cached = { length: project.pipelines.length, order: keyed.sort(byUpdatedThenId).map((k) => k.p) };
      this.settledOrder.set(project.id, cached);
    }
    const moving = existing
      .filter((p) => p.settledAt > t)
      .map((p) => ({ p, updatedAt: renderer.state(p, t).updatedAt }))
      .sort(byUpdatedThenId);
    const result: PlannedPipeline[] = [];
    let m = 0;
    for (const p of cached.order) {
      if (p.settledAt > t) continue; // still moving (or not created yet) at t
      const updatedAt = finalUpdatedAt(p);
      for (let next = moving[m]; next && byUpdatedThenId(next, { p, updatedAt }) < 0; next = moving[++m]) result.push(next.p);
      result.push(p);
    }
    for (; m < moving.length; m++) result.push((moving[m] as { p: PlannedPipeline }).p);
    return result;
  }
}

function finalUpdatedAt(p: PlannedPipeline): number {
  return p.transitions[p.transitions.length - 1]?.at ?? p.createdAt;
}

/** Pipelines of a project at time t that match the query, in the requested order. */
export function queryPipelines(
  model: SimulationModel,
  renderer: Renderer,
  order: UpdatedAtOrder,
  project: SimProject,
  query: URLSearchParams,
  t: number,
): PlannedPipeline[] {
  const scope = enumParam(query, "scope", SCOPES);
  const status = enumParam(query, "status", AVAILABLE_STATUSES);
  const orderBy: OrderBy = enumParam(query, "order_by", ORDER_BY) ?? "id";
  const sort = enumParam(query, "sort", SORTS) ?? "desc";
  const source = enumParam(query, "source", SOURCES);
  const ref = stringParam(query, "ref");
  const sha = stringParam(query, "sha");
  const username = stringParam(query, "username");
  const name = stringParam(query, "name");
  const yamlErrors = boolParam(query, "yaml_errors");
  const updatedAfter = dateParam(query, "updated_after");
  const updatedBefore = dateParam(query, "updated_before");
  const createdAfter = dateParam(query, "created_after");
  const createdBefore = dateParam(query, "created_before");

  const existing = project.pipelines.slice(0, model.existingCount(project, t));
  let scoped: Set<PlannedPipeline> | null = null;
  if (scope === "branches") scoped = latestPerRef(existing.filter((p) => !p.tag && !p.ref.startsWith("refs/")));
  else if (scope === "tags") scoped = latestPerRef(existing.filter((p) => p.tag));

  const statusOf = (p: PlannedPipeline) => renderer.state(p, t).status;
  const updatedOf = (p: PlannedPipeline) => renderer.state(p, t).updatedAt;
  const matches = (p: PlannedPipeline): boolean => {
    if (scoped && !scoped.has(p)) return false;
    if (scope === "running" && statusOf(p) !== "running") return false;
    if (scope === "pending" && statusOf(p) !== "pending") return false;
    if (scope === "finished" && !COMPLETED_STATUSES.has(statusOf(p))) return false;
    if (status !== null && statusOf(p) !== status) return false;
    if (ref !== null && p.ref !== ref) return false;
    if (sha !== null && p.sha !== sha) return false;
    if (username !== null && p.user.username !== username) return false;
    if (name !== null) return false; // no simulated pipeline has a name
    if (yamlErrors === true) return false; // none has YAML errors
    if (source !== null && p.source !== source) return false;
    // GitLab's UpdatedAtFilterable and CreatedAtFilter compare inclusively.
    if (updatedAfter !== null && updatedOf(p) < updatedAfter) return false;
    if (updatedBefore !== null && updatedOf(p) > updatedBefore) return false;
    if (createdAfter !== null && p.createdAt < createdAfter) return false;
    if (createdBefore !== null && p.createdAt > createdBefore) return false;
    return true;
  };

  // Ascending by the order key; ties by id in the same direction, so pages never overlap.
  let ascending: PlannedPipeline[];
  if (orderBy === "id") {
    ascending = existing.filter(matches); // stored ascending by id already
  } else if (orderBy === "updated_at") {
    ascending = order.ascending(project, existing, renderer, t).filter(matches);
  } else {
    const keyed = existing.filter(matches).map((p) => ({ p, key: sortKey(orderBy, p, renderer, t) }));
    keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) || a.p.id - b.p.id);
    ascending = keyed.map((entry) => entry.p);
  }
  return sort === "asc" ? ascending : ascending.reverse();
}

function sortKey(orderBy: Exclude<OrderBy, "id" | "updated_at">, p: PlannedPipeline, renderer: Renderer, t: number): string | number {
  switch (orderBy) {
    case "status":
      return renderer.state(p, t).status;
    case "ref":
      return p.ref;
    case "user_id":
      return p.user.id;
  }
}
