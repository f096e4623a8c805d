import { z } from "zod";
import { emptyToUndefined, pageParam, parseQuery, perPageParam, periodParam, type ParsedQuery, type QuerySource } from "../params";
import { SEVERITIES } from "@/lib/domain/cwiq";
import { PERIODS, SCANNERS, SORTS, STATES, type SecurityPageParams } from "./types";
import { DEFAULT_PARAMS, DEFAULT_PER_PAGE, DEFAULT_PERIOD } from "./url";

/*
 * The security page's query parameters, validated: the page and its API routes (JSON and CSV) read
 * the URL here; ./url writes it, for the browser too.
 */

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
