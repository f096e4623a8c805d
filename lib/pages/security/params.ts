import { z } from "zod";
import { emptyToUndefined, pageParam, parseQuery, perPageParam, periodParam, type ParsedQuery, type QuerySource } from "../params";
import { SEVERITIES } from "@/lib/domain/cwiq";
import { PERIODS, SCANNERS, SORTS, STATES, type Period, type SecurityPageParams } from "./types";

/*
 * The security page's query parameters — shared by the page, its API routes (JSON and CSV) and the
 * browser's filters, so the URL means the same everywhere. Client-safe (no server imports).
 */

export const DEFAULT_PERIOD: Period = 30;
export const DEFAULT_PER_PAGE = 50;
export const MAX_PER_PAGE = 200;
export const QUERY_KEYS = ["period", "service", "scanner", "severity", "state", "sort", "dir", "page", "perPage"] as const;

const oneOf = <T extends readonly [string, ...string[]]>(name: string, values: T) =>
  z.preprocess(emptyToUndefined, z.enum(values, { message: `${name} must be one of ${values.join(", ")}` }).optional());

const querySchema = z.object({
  period: periodParam(PERIODS),
  // Service names as lib/platform/config accepts them.
  service: z.preprocess(emptyToUndefined, z.string().regex(/^[a-z0-9][a-z0-9._-]{0,99}$/i, { message: "service is not a service name" }).optional()),
  scanner: oneOf("scanner", SCANNERS),
  // Severities are upper case in the URL as in the data; lower case is accepted.
  severity: z.preprocess((v) => (typeof v === "string" ? emptyToUndefined(v.toUpperCase()) : v), z.enum(SEVERITIES, { message: `severity must be one of ${SEVERITIES.join(", ")}` }).optional()),
  state: oneOf("state", STATES),
  sort: oneOf("sort", SORTS),
  dir: oneOf("dir", ["asc", "desc"] as const),
  page: pageParam,
  perPage: perPageParam(MAX_PER_PAGE),
});

export type ParseResult = ParsedQuery<SecurityPageParams>;

export const DEFAULT_PARAMS: SecurityPageParams = { period: DEFAULT_PERIOD, sort: "severity", dir: "desc", page: 1, perPage: DEFAULT_PER_PAGE };

/** A change to some of the filters, as the browser's filters and table links make it. */
export type FilterPatch = Partial<SecurityPageParams>;

/** Validates the query of `/security` or `/api/security`; unknown keys are ignored. */
export function parseSecurityQuery(source: QuerySource): ParseResult {
  return parseQuery(querySchema, source, QUERY_KEYS, (q) => ({
    period: q.period ?? DEFAULT_PERIOD,
    service: q.service,
    scanner: q.scanner,
    severity: q.severity,
    state: q.state,
    sort: q.sort ?? DEFAULT_PARAMS.sort,
    dir: q.dir ?? DEFAULT_PARAMS.dir,
    page: q.page ?? 1,
    perPage: q.perPage ?? DEFAULT_PER_PAGE,
  }));
}

/** The URL query for params: defaults left out, so shared links stay short. */
export function toSecurityQuery(params: SecurityPageParams, options: { paging?: boolean } = {}): string {
  const q = new URLSearchParams();
  if (params.period !== DEFAULT_PERIOD) q.set("period", String(params.period));
  if (params.service) q.set("service", params.service);
  if (params.scanner) q.set("scanner", params.scanner);
  if (params.severity) q.set("severity", params.severity);
  if (params.state) q.set("state", params.state);
  if (params.sort !== DEFAULT_PARAMS.sort || params.dir !== DEFAULT_PARAMS.dir) {
    q.set("sort", params.sort);
    q.set("dir", params.dir);
  }
  if (options.paging !== false) {
    if (params.page !== 1) q.set("page", String(params.page));
    if (params.perPage !== DEFAULT_PER_PAGE) q.set("perPage", String(params.perPage));
  }
  return q.toString();
}
