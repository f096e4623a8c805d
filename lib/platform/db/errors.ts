import { z } from "zod";

/* What PostgreSQL said, through Prisma's driver adapter: a raw query's error carries it in `meta`. */
const adapterError = z.object({
  meta: z.object({ driverAdapterError: z.object({ cause: z.object({ kind: z.string().optional(), originalCode: z.string().optional() }) }) }),
});

/** A duplicate key (SQLSTATE 23505) from a raw statement. */
export function isUniqueViolation(error: unknown): boolean {
  const parsed = adapterError.safeParse(error);
  if (!parsed.success) return false;
  const { kind, originalCode } = parsed.data.meta.driverAdapterError.cause;
  return kind === "UniqueConstraintViolation" || originalCode === "23505";
}
