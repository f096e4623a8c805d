import type http from "node:http";
import type { ApiResponse } from "../api-types";
import type { SimProject } from "../model";
import { sonarDate, type SimAnalysis, type SimSonarIssue, type SonarWorld } from "./world";

/**
 * SonarQube's Web API as far as Stageboard reads it: analyses, quality gate, measures and issues,
 * with SonarQube's paging (`p`, `ps`, `paging.total`) and its error shape `{"errors":[{"msg":…}]}`.
 */

export interface SonarRequest {
  /** Below the SonarQube base URL, e.g. `api/issues/search`. */
  path: string;
  query: URLSearchParams;
  t: number;
}

const json = (status: number, value: unknown): ApiResponse => ({ status, headers: {}, body: JSON.stringify(value) });
const error = (status: number, msg: string): ApiResponse => json(status, { errors: [{ msg }] });

class SonarBadRequest extends Error {}

const MEASURES = ["coverage", "bugs", "vulnerabilities", "code_smells", "security_hotspots", "duplicated_lines_density", "ncloc"] as const;
type Measure = (typeof MEASURES)[number];
const isMeasure = (key: string): key is Measure => (MEASURES as readonly string[]).includes(key);

const IMPACT_OF: Readonly<Record<SimSonarIssue["severity"], "HIGH" | "MEDIUM" | "LOW">> = {
  BLOCKER: "HIGH",
  CRITICAL: "HIGH",
  MAJOR: "MEDIUM",
  MINOR: "LOW",
  INFO: "LOW",
};
const QUALITY_OF: Readonly<Record<SimSonarIssue["type"], string>> = {
  BUG: "RELIABILITY",
  VULNERABILITY: "SECURITY",
  CODE_SMELL: "MAINTAINABILITY",
};

/** SonarQube accepts a user token as Basic user with an empty password, and (10+) as Bearer. */
export function sonarTokenAccepted(req: http.IncomingMessage, token: string): boolean {
  const authorization = req.headers.authorization ?? "";
  if (authorization.startsWith("Bearer ")) return authorization.slice(7).trim() === token;
  if (!authorization.startsWith("Basic ")) return false;
  const decoded = Buffer.from(authorization.slice(6).trim(), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon >= 0 && decoded.slice(0, colon) === token && decoded.slice(colon + 1) === "";
}

function pageParams(query: URLSearchParams, defaultSize: number, maxSize: number): { p: number; ps: number } {
  const p = Number(query.get("p") ?? "1");
  const ps = Number(query.get("ps") ?? String(defaultSize));
  if (!Number.isInteger(p) || p < 1) throw new SonarBadRequest(`'p' value (${query.get("p")}) must be greater than 0`);
  if (!Number.isInteger(ps) || ps < 1) throw new SonarBadRequest(`'ps' value (${query.get("ps")}) must be greater than 0`);
  if (ps > maxSize) throw new SonarBadRequest(`'ps' value (${ps}) must be less than ${maxSize}`);
  return { p, ps };
}

function required(query: URLSearchParams, name: string): string {
  const value = query.get(name);
  if (!value) throw new SonarBadRequest(`The '${name}' parameter is missing`);
  return value;
}

/** Which SonarQube's answers to imitate where versions differ. */
export interface SonarAnswerFormat {
  /** Quality gates as before 7.6, with warning conditions. */
  olderGate: boolean;
}

export function handleSonarApi(world: SonarWorld, request: SonarRequest, format: SonarAnswerFormat = { olderGate: false }): ApiResponse {
  try {
    return route(world, request, format);
  } catch (e) {
    if (e instanceof SonarBadRequest) return error(400, e.message);
    throw e;
  }
}

/** A project and its analyses on the asked branch (only `main` is analysed). */
function projectBranch(world: SonarWorld, key: string, query: URLSearchParams, t: number): { project: SimProject; analyses: SimAnalysis[] } | ApiResponse {
  const project = world.project(key);
  if (!project) return error(404, `Component key '${key}' not found`);
  const branch = query.get("branch");
  if (branch && branch !== "main") return error(404, `Component '${key}' on branch '${branch}' not found`);
  return { project, analyses: world.analyses(project, t) };
}

function route(world: SonarWorld, { path, query, t }: SonarRequest, format: SonarAnswerFormat): ApiResponse {
  switch (path) {
    case "api/server/version":
      return { status: 200, headers: {}, body: "10.7.0.96327" };
    case "api/project_analyses/search": {
      const found = projectBranch(world, required(query, "project"), query, t);
      if ("status" in found) return found;
      const { p, ps } = pageParams(query, 100, 500);
      const page = found.analyses.slice((p - 1) * ps, p * ps);
      return json(200, {
        paging: { pageIndex: p, pageSize: ps, total: found.analyses.length },
        analyses: page.map((a) => ({
          key: a.key,
          date: sonarDate(a.date),
          projectVersion: "not provided",
          revision: a.pipeline.sha,
          manualNewCodePeriodBaseline: false,
          detectedCI: "GitLab CI",
          events: [],
        })),
      });
    }
    case "api/qualitygates/project_status": {
      const analysisId = query.get("analysisId");
      let analysis: SimAnalysis | undefined;
      if (analysisId) {
        analysis = world.analysis(analysisId, t);
        if (!analysis) return error(404, `Analysis with id '${analysisId}' is not found`);
      } else {
        const found = projectBranch(world, required(query, "projectKey"), query, t);
        if ("status" in found) return found;
        analysis = found.analyses[0];
        if (!analysis) return json(200, { projectStatus: { status: "NONE", conditions: [], ignoredConditions: false } });
      }
      const gate = world.gate(analysis);
      if (format.olderGate) return json(200, { projectStatus: olderGateStatus(world, analysis, gate) });
      return json(200, {
        projectStatus: {
          status: gate.status,
          ignoredConditions: false,
          caycStatus: "non-compliant",
          conditions: gate.conditions,
          period: { mode: "PREVIOUS_VERSION", date: sonarDate(analysis.project.createdAt) },
        },
      });
    }
    case "api/measures/component": {
      const key = required(query, "component");
      const metricKeys = required(query, "metricKeys").split(",").filter(Boolean);
      const unknown = metricKeys.filter((m) => !isMeasure(m));
      if (unknown.length > 0) return error(404, `The following metric keys are not found: ${unknown.join(", ")}`);
      const found = projectBranch(world, key, query, t);
      if ("status" in found) return found;
      const latest = found.analyses[0];
      const values = latest ? world.measures(latest) : null;
      return json(200, {
        component: {
          key,
          name: found.project.name,
          qualifier: "TRK",
          measures: values ? metricKeys.filter(isMeasure).map((metric) => ({ metric, value: String(values[metric]) })) : [],
        },
      });
    }
    case "api/issues/search":
      return issuesSearch(world, query, t);
    default:
      return error(404, `Unknown url : /${path}`);
  }
}

/**
 * The gate as SonarQube before 7.6 answered: every condition with `periodIndex`, and a warning-only
 * condition on open issues (as in SonarQube's own example of that time) that makes the gate WARN.
 */
function olderGateStatus(world: SonarWorld, analysis: SimAnalysis, gate: ReturnType<SonarWorld["gate"]>) {
  const openIssues = world.issues(analysis).length;
  const warning = {
    status: openIssues > 0 ? "WARN" : "OK",
    metricKey: "open_issues",
    comparator: "GT",
    periodIndex: 1,
    warningThreshold: "0",
    actualValue: String(openIssues),
  };
  return {
    status: gate.status === "ERROR" ? "ERROR" : warning.status,
    ignoredConditions: false,
    conditions: [...gate.conditions.map((c) => ({ ...c, periodIndex: 1 })), warning],
    periods: [{ index: 1, mode: "previous_version", date: sonarDate(analysis.project.createdAt) }],
  };
}

function issuesSearch(world: SonarWorld, query: URLSearchParams, t: number): ApiResponse {
  // `componentKeys` was renamed `components` in 10.2; both are accepted.
  const key = query.get("components") ?? required(query, "componentKeys");
  const found = projectBranch(world, key, query, t);
  if ("status" in found) return found;
  const { p, ps } = pageParams(query, 100, 500);
  if (p * ps > 10_000) throw new SonarBadRequest(`Can return only the first 10000 results. ${p * ps}th result asked.`);
  const latest = found.analyses[0];
  // Only open issues are simulated: `resolved=true` finds none.
  let issues = latest && query.get("resolved") !== "true" ? world.issues(latest) : [];
  const severities = query.get("severities")?.split(",");
  if (severities) issues = issues.filter((i) => severities.includes(i.severity));
  const types = query.get("types")?.split(",");
  if (types) issues = issues.filter((i) => types.includes(i.type));
  const page = issues.slice((p - 1) * ps, p * ps);
  const componentOf = (issue: SimSonarIssue) => (issue.file ? `${key}:${issue.file}` : key);
  const files = [...new Set(page.map((i) => i.file).filter((f): f is string => f !== null))];
  return json(200, {
    total: issues.length,
    p,
    ps,
    paging: { pageIndex: p, pageSize: ps, total: issues.length },
    effortTotal: issues.length * 10,
    issues: page.map((issue) => ({
      key: issue.key,
      rule: issue.rule,
      severity: issue.severity,
      component: componentOf(issue),
      project: key,
      ...(issue.line !== null ? { line: issue.line, textRange: { startLine: issue.line, endLine: issue.line, startOffset: 0, endOffset: 40 } } : {}),
      flows: [],
      status: "OPEN",
      message: issue.message,
      effort: "10min",
      debt: "10min",
      tags: [],
      creationDate: sonarDate(issue.since),
      updateDate: sonarDate(issue.since),
      type: issue.type,
      scope: "MAIN",
      impacts: [{ softwareQuality: QUALITY_OF[issue.type], severity: IMPACT_OF[issue.severity] }],
      issueStatus: "OPEN",
    })),
    components: [
      { key, enabled: true, qualifier: "TRK", name: found.project.name, longName: found.project.name },
      ...files.map((file) => ({ key: `${key}:${file}`, enabled: true, qualifier: "FIL", name: file.split("/").at(-1) ?? file, longName: file, path: file })),
    ],
    facets: [],
  });
}

