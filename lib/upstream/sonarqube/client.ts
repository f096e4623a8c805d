import { emptySeverityCounts, type Severity, type SeverityCounts } from "@/lib/domain/cwiq";
import { createTransport, type RetryPolicy } from "../transport";
import { sonarIssueUrl } from "./links";
import { gateCondition, issueSeverity, measureNumber, type QualityGateCondition } from "./normalize";
import { analysesSearchSchema, issuesSearchSchema, measuresComponentSchema, projectStatusSchema } from "./schemas";
import type { z } from "zod";

export interface SonarClientOptions {
  /** Base URL, e.g. `https://sonar.example.com` (no trailing `/api`). */
  url: string;
  token: string;
  timeoutMs: number;
  retry?: Partial<RetryPolicy>;
  signal?: AbortSignal;
}

export interface SonarAnalysis {
  key: string;
  date: Date;
  /** The analysed commit; null when the scanner was not told it. */
  revision: string | null;
  projectVersion: string | null;
}

export type { QualityGateCondition };

export interface QualityGate {
  status: "OK" | "WARN" | "ERROR" | "NONE";
  conditions: QualityGateCondition[];
}

export const MEASURE_KEYS = [
  "coverage",
  "bugs",
  "vulnerabilities",
  "code_smells",
  "security_hotspots",
  "duplicated_lines_density",
  "ncloc",
] as const;

export type MeasureKey = (typeof MEASURE_KEYS)[number];
/** null when SonarQube has no value for the metric (e.g. no coverage report was imported). */
export type SonarMeasures = Record<MeasureKey, number | null>;

export interface SonarIssue {
  key: string;
  rule: string;
  severity: Severity;
  type: string | null;
  message: string;
  component: string;
  /** Path in the repository, when the issue is on a file. */
  file: string | null;
  line: number | null;
  link: string;
}

export interface SonarOpenIssues {
  issues: SonarIssue[];
  /** Counted over the issues read (all of them unless `truncated`). */
  counts: SeverityCounts;
  /** SonarQube's total of matching issues. */
  total: number;
  /** SonarQube serves at most 10,000 issues per search; beyond that the list is cut. */
  truncated: boolean;
}

/** SonarQube refuses `p × ps` beyond 10,000. */
const ISSUE_SEARCH_LIMIT = 10_000;
const ISSUE_PAGE_SIZE = 500;
/** Analyses per `api/project_analyses/search` page. */
export const ANALYSIS_PAGE_SIZE = 100;

export function createSonarClient(options: SonarClientOptions) {
  const base = options.url.replace(/\/+$/, "");
  // User tokens go as the Basic user name with an empty password, as SonarQube documents.
  const authorization = `Basic ${Buffer.from(`${options.token}:`).toString("base64")}`;
  const transport = createTransport({
    service: "SonarQube",
    timeoutMs: options.timeoutMs,
    retry: options.retry,
    signal: options.signal,
    secrets: [options.token, authorization],
  });

  function get<T>(path: string, params: Record<string, string>, schema: z.ZodType<T>): Promise<T> {
    return transport.getJson(`${base}/${path}?${new URLSearchParams(params).toString()}`, { Authorization: authorization }, schema);
  }

  return {
    /**
     * The branch's analyses, newest first, down to the page that reaches back past `notBefore` (that
     * page included; without `notBefore`, all of them). One listing serves many revisions, so a
     * backfill does not page back through the same analyses once per run.
     */
    async listAnalyses(projectKey: string, branch: string, notBefore?: Date): Promise<SonarAnalysis[]> {
      const analyses: SonarAnalysis[] = [];
      for (let page = 1; ; page++) {
        const answer = await get(
          "api/project_analyses/search",
          { project: projectKey, branch, ps: String(ANALYSIS_PAGE_SIZE), p: String(page) },
          analysesSearchSchema,
        );
        for (const a of answer.analyses) {
          analyses.push({ key: a.key, date: a.date, revision: a.revision ?? null, projectVersion: a.projectVersion ?? null });
        }
        const oldest = answer.analyses.at(-1);
        if (notBefore && oldest && oldest.date.getTime() < notBefore.getTime()) return analyses;
        if (answer.analyses.length === 0 || page * answer.paging.pageSize >= answer.paging.total) return analyses;
      }
    },

    async qualityGate(analysisId: string): Promise<QualityGate> {
      const answer = await get("api/qualitygates/project_status", { analysisId }, projectStatusSchema);
      const { status, conditions } = answer.projectStatus;
      return {
        status,
        conditions: conditions.map(gateCondition),
      };
    },

    /** The branch's current measures (those of its latest analysis). */
    async measures(projectKey: string, branch: string): Promise<SonarMeasures> {
      const answer = await get(
        "api/measures/component",
        { component: projectKey, branch, metricKeys: MEASURE_KEYS.join(",") },
        measuresComponentSchema,
      );
      const measures: SonarMeasures = {
        coverage: null,
        bugs: null,
        vulnerabilities: null,
        code_smells: null,
        security_hotspots: null,
        duplicated_lines_density: null,
        ncloc: null,
      };
      for (const measure of answer.component.measures) {
        if (isMeasureKey(measure.metric)) measures[measure.metric] = measureNumber(measure.value);
      }
      return measures;
    },

    /** Unresolved issues on the branch, normalised, with counts by severity. */
    async openIssues(projectKey: string, branch: string): Promise<SonarOpenIssues> {
      const issues: SonarIssue[] = [];
      const counts = emptySeverityCounts();
      let total = 0;
      for (let page = 1; page * ISSUE_PAGE_SIZE <= ISSUE_SEARCH_LIMIT; page++) {
        const answer = await get(
          "api/issues/search",
          { componentKeys: projectKey, branch, resolved: "false", ps: String(ISSUE_PAGE_SIZE), p: String(page) },
          issuesSearchSchema,
        );
        total = answer.paging.total;
        const paths = new Map(answer.components.map((c) => [c.key, c.path ?? null]));
        for (const issue of answer.issues) {
          const severity = issueSeverity(issue);
          counts[severity] += 1;
          issues.push({
            key: issue.key,
            rule: issue.rule,
            severity,
            type: issue.type ?? null,
            message: issue.message ?? "",
            component: issue.component,
            file: paths.get(issue.component) ?? filePart(issue.component, projectKey),
            line: issue.line ?? null,
            link: sonarIssueUrl(base, projectKey, issue.key, branch),
          });
        }
        if (answer.issues.length === 0 || issues.length >= total) break;
      }
      return { issues, counts, total, truncated: issues.length < total };
    },
  };
}

/** `KEY:src/app.py` → `src/app.py`; the project component itself has no file. */
function filePart(component: string, projectKey: string): string | null {
  return component.startsWith(`${projectKey}:`) ? component.slice(projectKey.length + 1) : null;
}

function isMeasureKey(metric: string): metric is MeasureKey {
  return (MEASURE_KEYS as readonly string[]).includes(metric);
}

export type SonarClient = ReturnType<typeof createSonarClient>;
