import { Prisma } from "@/lib/platform/db/generated/client";
import { TEST_STATUS } from "../tests";

/*
 * The test flake rule of test-flakes.ts in SQL, for queries over many pipelines: the (test case,
 * commit) pairs where the commit both failed and passed the test. It starts from the failures
 * (test_failure, few: kept even when a retried job later passed the test) and probes the passes of
 * the same case in the pipelines of the same commit (pipeline (service_id, sha), then the result's
 * key). `failures` narrows the failure rows, aliased `f` with their pipeline `p`.
 */
export function flakyTestCommits(failures: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT DISTINCT f.test_case_id, p.sha, p.service_id
    FROM test_failure f
    JOIN pipeline p ON p.id = f.pipeline_id
    WHERE ${failures}
      AND EXISTS (
        SELECT 1 FROM pipeline q
        JOIN test_result r ON r.test_case_id = f.test_case_id AND r.pipeline_id = q.id
        WHERE q.service_id = p.service_id AND q.sha = p.sha AND r.status = ${TEST_STATUS.success}
      )`;
}

/** The rule's "ran" for a result row aliased `r`: passed, failed or errored. */
export const TEST_RAN = Prisma.sql`r.status <> ${TEST_STATUS.skipped}`;
/** A failed or errored result row aliased `r`. */
export const TEST_FAILED = Prisma.sql`r.status IN (${TEST_STATUS.failed}, ${TEST_STATUS.error})`;
