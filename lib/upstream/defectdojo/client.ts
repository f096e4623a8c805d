import type { z } from "zod";
import type { Severity } from "@/lib/domain/cwiq";
import { createTransport, type RetryPolicy } from "../transport";
import { dojoFindingUrl, dojoTestUrl } from "./links";
import type { DojoTest } from "./match";
import { findingCve, findingSeverity, findingState, type FindingState } from "./normalize";
import { engagementsPageSchema, findingsPageSchema, productsPageSchema, testsPageSchema, type DojoTestWire } from "./schemas";

export type { DojoTest } from "./match";

export interface DojoClientOptions {
  /** Base URL, e.g. `https://defectdojo.example.com` (no trailing `/api/v2`). */
  url: string;
  token: string;
  timeoutMs: number;
  retry?: Partial<RetryPolicy>;
  signal?: AbortSignal;
  /** Findings per page (default 200). */
  findingsPageSize?: number;
  /** Products, engagements and tests per page (default 100). */
  listPageSize?: number;
}

/** Where a service's imports are: a product by name (the first that exists), optionally one engagement. */
export interface DojoTarget {
  productNames: readonly string[];
  engagementName?: string;
}

export interface DojoProduct {
  id: number;
  name: string;
}

export interface DojoEngagement {
  id: number;
  name: string | null;
  productId: number;
}

/** The product and the engagements whose tests may be a service's imports. */
export interface DojoScope {
  product: DojoProduct;
  engagements: DojoEngagement[];
}

/** The scope, or why there is none (no such product or engagement), in words for the run's page. */
export type DojoScopeResult = { scope: DojoScope } | { missing: string };

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
const LIST_PAGE_SIZE = 100;
/** Pages read per product-name or engagement listing, and per engagement's tests listing. */
const MAX_LIST_PAGES = 20;
/** The newest engagements searched (a product with one engagement per build has many). */
export const MAX_SCOPE_ENGAGEMENTS = 10;

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

  const pageSize = String(options.listPageSize ?? LIST_PAGE_SIZE);

  /** Every page of a listing (up to MAX_LIST_PAGES), following DefectDojo's `next` links. */
  async function* pages<T>(path: string, params: URLSearchParams, schema: z.ZodType<{ next: string | null; results: T[] }>): AsyncGenerator<T[]> {
    let query: URLSearchParams | null = params;
    for (let read = 0; query && read < MAX_LIST_PAGES; read++) {
      const page = await get(path, query, schema);
      yield page.results;
      query = nextParams(page.next, page.results.length);
    }
  }

  /** The first of `names` DefectDojo has a product of: `name` (a contains-filter in every version), then the exact name checked here. */
  async function findProduct(names: readonly string[]): Promise<DojoProduct | null> {
    for (const name of names) {
      const folded: DojoProduct[] = [];
      for await (const results of pages("api/v2/products/", new URLSearchParams({ name, limit: pageSize }), productsPageSchema)) {
        const exact = results.find((p) => p.name === name);
        if (exact) return { id: exact.id, name: exact.name };
        folded.push(...results.filter((p) => p.name.toLowerCase() === name.toLowerCase()));
      }
      // DefectDojo's own exact-name filter ignores case; take that only when it is unambiguous.
      if (folded.length === 1 && folded[0]) return { id: folded[0].id, name: folded[0].name };
    }
    return null;
  }

  /** The product's engagements (named `name`, if given), newest first, checked on their own `product`. */
  async function listEngagements(productId: number, name: string | undefined): Promise<DojoEngagement[]> {
    const params = new URLSearchParams({ product: String(productId), limit: pageSize });
    if (name !== undefined) params.set("name", name);
    const found: DojoEngagement[] = [];
    for await (const results of pages("api/v2/engagements/", params, engagementsPageSchema)) {
      for (const e of results) {
        if (e.product === productId && (name === undefined || e.name === name)) found.push({ id: e.id, name: e.name ?? null, productId: e.product });
      }
    }
    return found.sort((a, b) => b.id - a.id).slice(0, MAX_SCOPE_ENGAGEMENTS);
  }

  const toTest = (test: DojoTestWire): DojoTest => ({
    id: test.id,
    engagementId: test.engagement,
    title: test.title ?? null,
    testType: test.test_type_name ?? null,
    buildId: test.build_id ?? null,
    commitHash: test.commit_hash ?? null,
    branchTag: test.branch_tag ?? null,
    // A test too old to have a creation time counts as older than any run.
    created: new Date(test.created ?? 0),
    link: dojoTestUrl(base, test.id),
  });

  /**
   * The engagement's tests created since `notBefore` (and maybe some older ones), read newest first
   * with `o=-created`. An older DefectDojo ignores `o` and lists by id, i.e. oldest first: then
   * the listing is read back from its last page.
   */
  async function engagementTests(engagementId: number, notBefore: Date): Promise<DojoTest[]> {
    const params = (extra: Record<string, string>) => new URLSearchParams({ engagement: String(engagementId), limit: pageSize, ...extra });
    const first = await get("api/v2/tests/", params({ o: "-created" }), testsPageSchema);
    const tests = first.results.map(toTest);
    const before = (test: DojoTest) => test.created.getTime() < notBefore.getTime();
    if (!first.next || tests.length === 0) return tests;
    if (newestFirst(tests)) {
      let query = nextParams(first.next, tests.length);
      for (let read = 1; query && read < MAX_LIST_PAGES; read++) {
        const oldest = tests.at(-1);
        if (oldest && before(oldest)) break;
        const page = await get("api/v2/tests/", query, testsPageSchema);
        tests.push(...page.results.map(toTest));
        query = nextParams(page.next, page.results.length);
      }
      return tests;
    }
    // Pages of the same size as the first, from the last one back, until a page is older throughout.
    const size = tests.length;
    for (let offset = Math.floor((first.count - 1) / size) * size, read = 1; offset > 0 && read < MAX_LIST_PAGES; offset -= size, read++) {
      const page = (await get("api/v2/tests/", params({ offset: String(offset) }), testsPageSchema)).results.map(toTest);
      tests.push(...page);
      if (page.every(before)) break;
    }
    return tests;
  }

  return {
    /** The service's product and engagements, each checked on the fields DefectDojo returned. */
    async findScope(target: DojoTarget): Promise<DojoScopeResult> {
      const product = await findProduct(target.productNames);
      if (!product) return { missing: `DefectDojo has no product named ${target.productNames.map((n) => `"${n}"`).join(" or ")}` };
      const engagements = await listEngagements(product.id, target.engagementName);
      if (engagements.length === 0) {
        return { missing: `DefectDojo product "${product.name}" has no engagement${target.engagementName === undefined ? "" : ` named "${target.engagementName}"`}` };
      }
      return { scope: { product, engagements } };
    },

    /**
     * The scope's tests imported since `notBefore`, newest first, once for many runs: which of them
     * is a run's import is decided by `runTest` on each test's own fields.
     */
    async listTests(scope: DojoScope, notBefore: Date): Promise<DojoTest[]> {
      const byId = new Map<number, DojoTest>();
      for (const engagement of scope.engagements) {
        for (const test of await engagementTests(engagement.id, notBefore)) byId.set(test.id, test);
      }
      return [...byId.values()].sort((a, b) => b.created.getTime() - a.created.getTime() || b.id - a.id);
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

/** Whether a page came in the asked `o=-created` order (an older DefectDojo ignores `o`). */
function newestFirst(tests: readonly DojoTest[]): boolean {
  return tests.every((test, i) => i === 0 || test.created.getTime() <= (tests[i - 1]?.created.getTime() ?? Infinity));
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
