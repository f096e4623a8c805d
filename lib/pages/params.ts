import { z } from "zod";
import "@/lib/platform/zod-jitless";

/*
 * The building blocks of the pages' URL parameters, shared by each page's params module so a page,
 * its API route and the browser's filters read the same query the same way. Client-safe.
 */

/** A query as a route handler (URLSearchParams) or a page (Next's searchParams record) sees it. */
export type QuerySource = URLSearchParams | Record<string, string | string[] | undefined>;

/** An empty parameter (`?status=`) means "not set". */
export const emptyToUndefined = (v: unknown) => (v === "" ? undefined : v);

/** One of a fixed list of periods, in days. */
export function periodParam<P extends number>(periods: readonly P[]) {
  return z.preprocess(
    emptyToUndefined,
    z.coerce
      .number()
      .refine((n): n is P => (periods as readonly number[]).includes(n), { message: `period must be one of ${periods.join(", ")}` })
      .optional(),
  );
}

export const pageParam = z.preprocess(
  emptyToUndefined,
  z.coerce
    .number()
    .int({ message: "page must be a whole number" })
    .min(1, { message: "page must be 1 or more" })
    .max(100_000, { message: "page must be at most 100000" })
    .optional(),
);

export function perPageParam(max: number) {
  return z.preprocess(
    emptyToUndefined,
    z.coerce
      .number()
      .int({ message: "perPage must be a whole number" })
      .min(1, { message: "perPage must be 1 or more" })
      .max(max, { message: `perPage must be at most ${max}` })
      .optional(),
  );
}

function first(source: QuerySource, key: string): string | undefined {
  if (source instanceof URLSearchParams) return source.get(key) ?? undefined;
  const value = source[key];
  return Array.isArray(value) ? value[0] : value;
}

/** Reads `keys` (first value of each; unknown keys ignored) and validates them, with one message for every problem. */
export function readQuery<S extends z.ZodType>(
  schema: S,
  source: QuerySource,
  keys: readonly string[],
): { ok: true; data: z.output<S> } | { ok: false; message: string } {
  const result = schema.safeParse(Object.fromEntries(keys.map((k) => [k, first(source, k)])));
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, message: result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
}

/** A page's parameters, or why its query was refused. */
export type ParsedQuery<P> = { ok: true; params: P } | { ok: false; message: string };

/** Reads and validates the query (see readQuery), then makes the page's parameters from the valid values. */
export function parseQuery<S extends z.ZodType, P>(
  schema: S,
  source: QuerySource,
  keys: readonly string[],
  toParams: (values: z.output<S>) => P,
): ParsedQuery<P> {
  const read = readQuery(schema, source, keys);
  return read.ok ? { ok: true, params: toParams(read.data) } : read;
}
