import type { z } from "zod";
import type { Severity } from "@/lib/domain/cwiq";
import { createTransport, type RetryPolicy } from "../transport";
import { dojoFindingUrl, dojoTestUrl } from "./links";
import { findingCve, findingSeverity, findingState, type FindingState } from "./normalize";
import { findingsPageSchema, testsPageSchema } from "./schemas";

export interface DojoClientOptions {
  /** Base URL, e.g. `https://defectdojo.example.com` (no trailing `/api/v2`). */
  url: string;
  token: string;
  timeoutMs: number;
  retry?: Partial<RetryPolicy>;
  signal?: AbortSignal;
  /** Findings per page (default 200). */
  findingsPageSize?: number;
}

export interface TestQuery {
  buildId?: string | number | null;
  commitHash?: string | null;
  branchTag?: string | null;
  /** Narrows every lookup to one engagement (a branch tag alone is shared by every product). */
  engagementId?: number;
}

export interface DojoTest {
  id: number;
  engagementId: number;
  title: string | null;
  testType: string | null;
  buildId: string | null;
  commitHash: string | null;
  branchTag: string | null;
  created: Date;
  /** Which field of the query found the test. */
  matchedBy: "build_id" | "commit_hash" | "branch_tag";
  link: string;
}

export interface DojoFinding {
  id: number;
  title: string;
  severity: Severity;
  state: FindingState;
  cve: string | null;
  vulnIdFromTool: string | null;
  componentName: string | null;
  componentVersion: string | null;
  filePath: string | null;
  line: number | null;
  link: string;
}

export type FindingCounts = Record<Severity, Record<FindingState, number>>;

export interface DojoFindings {
  findings: DojoFinding[];
  counts: FindingCounts;
}

const FINDINGS_PAGE_SIZE = 200;

export function emptyFindingCounts(): FindingCounts {
  const row = (): Record<FindingState, number> => ({ active: 0, verified: 0, false_positive: 0, duplicate: 0, mitigated: 0, risk_accepted: 0 });
  return { CRITICAL: row(), HIGH: row(), MEDIUM: row(), LOW: row(), INFO: row() };
}

export function createDojoClient(options: DojoClientOptions) {
  const base = options.url.replace(/\/+$/, "");
  const authorization = `Token ${options.token}`;
  const transport = createTransport({
    service: "DefectDojo",
    timeoutMs: options.timeoutMs,
    retry: options.retry,
    signal: options.signal,
    secrets: [options.token],
  });

  function get<T>(path: string, params: URLSearchParams, schema: z.ZodType<T>): Promise<T> {
    return transport.getJson(`${base}/${path}?${params.toString()}`, { Authorization: authorization }, schema);
  }

  return {
    /** The newest test imported for a run: by build id, else commit hash, else branch tag; null if none. */
    async findTest(query: TestQuery): Promise<DojoTest | null> {
      const attempts: Array<[DojoTest["matchedBy"], string | null | undefined]> = [
        ["build_id", query.buildId === undefined || query.buildId === null ? null : String(query.buildId)],
        ["commit_hash", query.commitHash],
        ["branch_tag", query.branchTag],
      ];
      for (const [field, value] of attempts) {
        if (!value) continue;
        const params = new URLSearchParams({ [field]: value, o: "-created", limit: "1" });
        if (query.engagementId !== undefined) params.set("engagement", String(query.engagementId));
        const page = await get("api/v2/tests/", params, testsPageSchema);
        const test = page.results[0];
        if (!test) continue;
        return {
          id: test.id,
          engagementId: test.engagement,
          title: test.title ?? null,
          testType: test.test_type_name ?? null,
          buildId: test.build_id ?? null,
          commitHash: test.commit_hash ?? null,
          branchTag: test.branch_tag ?? null,
          created: new Date(test.created),
          matchedBy: field,
          link: dojoTestUrl(base, test.id),
        };
      }
      return null;
    },

    /** Every finding of a test, normalised, with counts by severity × state. */
    async listFindings(testId: number): Promise<DojoFindings> {
      const findings: DojoFinding[] = [];
      const counts = emptyFindingCounts();
      let params: URLSearchParams | null = new URLSearchParams({ test: String(testId), limit: String(options.findingsPageSize ?? FINDINGS_PAGE_SIZE), offset: "0" });
      while (params) {
        const page = await get("api/v2/findings/", params, findingsPageSchema);
        for (const f of page.results) {
          const severity = findingSeverity(f.severity);
          const state = findingState(f);
          counts[severity][state] += 1;
          findings.push({
            id: f.id,
            title: f.title,
            severity,
            state,
            cve: findingCve(f),
            vulnIdFromTool: f.vuln_id_from_tool ?? null,
            componentName: f.component_name ?? null,
            componentVersion: f.component_version ?? null,
            filePath: f.file_path ?? null,
            line: f.line ?? null,
            link: dojoFindingUrl(base, f.id),
          });
        }
        params = nextParams(page.next, page.results.length);
      }
      return { findings, counts };
    },
  };
}

/**
 * The query of DefectDojo's `next` link. Only its query is reused: behind a TLS-terminating proxy
 * DefectDojo often writes `http://` or an internal host name into its links.
 */
function nextParams(next: string | null, received: number): URLSearchParams | null {
  if (!next || received === 0) return null;
  try {
    return new URL(next).searchParams;
  } catch {
    return null;
  }
}

export type DojoClient = ReturnType<typeof createDojoClient>;
