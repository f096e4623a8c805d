import { Prisma } from "@/lib/platform/db/generated/client";
import { SETTLED_STATUSES } from "./pipeline/statuses";

/** Reads of one version's test report that failed (cut off, malformed) before it is left as an error. */
export const TEST_REPORT_MAX_ATTEMPTS = 3;

/*
 * The sync's queue of full test reports, in SQL over `pipeline` (unaliased): a finished pipeline
 * whose current version (GitLab's updated_at) was not read, or whose read failed and may be tried
 * again. One definition for the sync, which reads them, and the pages that say how many wait.
 */
export const TEST_REPORT_DUE = Prisma.sql`(status = ANY(${[...SETTLED_STATUSES]}::text[])
  AND (test_report_for IS DISTINCT FROM updated_at
    OR (test_report_error IS NOT NULL AND test_report_attempts < ${TEST_REPORT_MAX_ATTEMPTS})))`;
