import { z } from "zod";
import { emptyToUndefined, parseQuery, periodParam, type ParsedQuery, type QuerySource } from "../params";

/** /tests' query: search by name, filter by service, suite and what happened in the period. Client-safe. */

export const TEST_PERIODS = [7, 30, 90] as const;
export type TestsPeriod = (typeof TEST_PERIODS)[number];
export const TEST_VIEWS = ["failing", "flaky", "all"] as const;
export type TestsView = (typeof TEST_VIEWS)[number];
export const QUERY_KEYS = ["q", "service", "suite", "view", "period"] as const;

export interface TestsPageParams {
  /** Part of the test's name or class, any case. */
  q?: string;
  service?: string;
  suite?: string;
  /** failing: failed in the period; flaky: the flake rule caught it in the period; all: every test matching. */
  view: TestsView;
  period: TestsPeriod;
}

const text = (max: number) => z.preprocess(emptyToUndefined, z.string().trim().min(1).max(max, { message: `at most ${max} characters` }).optional());

const schema = z.object({
  q: text(200),
  service: text(100),
  suite: text(200),
  view: z.preprocess(emptyToUndefined, z.enum(TEST_VIEWS, { message: `view must be one of ${TEST_VIEWS.join(", ")}` }).optional()),
  period: periodParam(TEST_PERIODS),
});

export function parseTestsQuery(source: QuerySource): ParsedQuery<TestsPageParams> {
  return parseQuery(schema, source, QUERY_KEYS, (v) => ({
    ...(v.q ? { q: v.q } : {}),
    ...(v.service ? { service: v.service } : {}),
    ...(v.suite ? { suite: v.suite } : {}),
    view: v.view ?? (v.q ? "all" : "failing"),
    period: (v.period ?? 30) as TestsPeriod,
  }));
}

export function toTestsQuery(params: TestsPageParams): string {
  const q = new URLSearchParams();
  if (params.q) q.set("q", params.q);
  if (params.service) q.set("service", params.service);
  if (params.suite) q.set("suite", params.suite);
  q.set("view", params.view);
  q.set("period", String(params.period));
  return q.toString();
}
