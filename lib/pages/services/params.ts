import { z } from "zod";
import { REF_KIND_LABELS } from "@/lib/domain/pipeline/refs";
import { emptyToUndefined, pageParam, parseQuery, perPageParam, periodParam, type ParsedQuery, type QuerySource } from "../params";
import { PERIODS, PIPELINE_STATUSES, type ServicePageParams, type ServiceTestsParams } from "./types";
import { DEFAULT_PER_PAGE, DEFAULT_PERIOD } from "./url";

/*
 * The service page's query parameters, validated: the page and its API routes read the URL here;
 * ./url writes it, for the browser too.
 */

export const MAX_PER_PAGE = 100;

const QUERY_KEYS = ["period", "refKind", "ref", "status", "page", "perPage"] as const;

const querySchema = z.object({
  period: periodParam(PERIODS),
  refKind: z.preprocess(emptyToUndefined, z.enum(REF_KIND_LABELS, { message: `refKind must be one of ${REF_KIND_LABELS.join(", ")}` }).optional()),
  ref: z.preprocess(emptyToUndefined, z.string().max(255, { message: "ref is too long" }).optional()),
  status: z.preprocess(emptyToUndefined, z.enum(PIPELINE_STATUSES, { message: `status must be one of ${PIPELINE_STATUSES.join(", ")}` }).optional()),
  page: pageParam,
  perPage: perPageParam(MAX_PER_PAGE),
});

export type ParseResult = ParsedQuery<ServicePageParams>;

/** A change to some of the filters; the service is the path, never a filter. */
export type FilterPatch = Partial<Omit<ServicePageParams, "service">>;

/** Validates the query of `/services/[name]` or `/api/services/[name]`; unknown keys are ignored. */
export function parseServicePageQuery(service: string, source: QuerySource): ParseResult {
  return parseQuery(querySchema, source, QUERY_KEYS, (q) => ({
    service,
    period: q.period ?? DEFAULT_PERIOD,
    refKind: q.refKind,
    ref: q.ref,
    status: q.status,
    page: q.page ?? 1,
    perPage: q.perPage ?? DEFAULT_PER_PAGE,
  }));
}

const TESTS_QUERY_KEYS = ["period"] as const;
const testsQuerySchema = z.object({ period: periodParam(PERIODS) });

/** Validates the query of `/api/services/[name]/tests` (the Tests section keeps to the page's period). */
export function parseServiceTestsQuery(service: string, source: QuerySource): ParsedQuery<ServiceTestsParams> {
  return parseQuery(testsQuerySchema, source, TESTS_QUERY_KEYS, (q) => ({ service, period: q.period ?? DEFAULT_PERIOD }));
}
