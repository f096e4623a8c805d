import { z } from "zod";
import "@/lib/security/zod-jitless";
import { PERIODS, PIPELINE_STATUSES, type Period, type ServicePageParams } from "./types";

/*
 * The service page's query parameters — shared by the page, its API route and the browser's
 * filters, so the URL means the same everywhere. Client-safe (no server imports).
 */

export const DEFAULT_PERIOD: Period = 30;
export const DEFAULT_PER_PAGE = 25;
export const MAX_PER_PAGE = 100;

const empty = (v: unknown) => (v === "" ? undefined : v);

const querySchema = z.object({
  period: z.preprocess(
    empty,
    z.coerce
      .number()
      .refine((n): n is Period => (PERIODS as readonly number[]).includes(n), { message: `period must be one of ${PERIODS.join(", ")}` })
      .optional(),
  ),
  refKind: z.preprocess(empty, z.enum(["main", "branch", "tag"], { message: "refKind must be main, branch or tag" }).optional()),
  ref: z.preprocess(empty, z.string().max(255, { message: "ref is too long" }).optional()),
  status: z.preprocess(empty, z.enum(PIPELINE_STATUSES, { message: `status must be one of ${PIPELINE_STATUSES.join(", ")}` }).optional()),
  page: z.preprocess(empty, z.coerce.number().int({ message: "page must be a whole number" }).min(1, { message: "page must be 1 or more" }).max(100_000).optional()),
  perPage: z.preprocess(
    empty,
    z.coerce.number().int({ message: "perPage must be a whole number" }).min(1, { message: "perPage must be 1 or more" }).max(MAX_PER_PAGE, { message: `perPage must be at most ${MAX_PER_PAGE}` }).optional(),
  ),
});

export type ParseResult = { ok: true; params: ServicePageParams } | { ok: false; message: string };

type Source = URLSearchParams | Record<string, string | string[] | undefined>;

function get(source: Source, key: string): string | undefined {
  if (source instanceof URLSearchParams) return source.get(key) ?? undefined;
  const value = source[key];
  return Array.isArray(value) ? value[0] : value;
}

/** Validates the query of `/services/[name]` or `/api/services/[name]`; unknown keys are ignored. */
export function parseServicePageQuery(service: string, source: Source): ParseResult {
  const raw = Object.fromEntries(["period", "refKind", "ref", "status", "page", "perPage"].map((k) => [k, get(source, k)]));
  const result = querySchema.safeParse(raw);
  if (!result.success) {
    const message = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    return { ok: false, message };
  }
  const q = result.data;
  return {
    ok: true,
    params: {
      service,
      period: (q.period ?? DEFAULT_PERIOD) as Period,
      refKind: q.refKind,
      ref: q.ref,
      status: q.status,
      page: q.page ?? 1,
      perPage: q.perPage ?? DEFAULT_PER_PAGE,
    },
  };
}

/** The URL query for params: defaults left out, so shared links stay short. */
export function toServicePageQuery(params: Omit<ServicePageParams, "service">): string {
  const q = new URLSearchParams();
  if (params.period !== DEFAULT_PERIOD) q.set("period", String(params.period));
  if (params.refKind) q.set("refKind", params.refKind);
  if (params.ref) q.set("ref", params.ref);
  if (params.status) q.set("status", params.status);
  if (params.page !== 1) q.set("page", String(params.page));
  if (params.perPage !== DEFAULT_PER_PAGE) q.set("perPage", String(params.perPage));
  return q.toString();
}
