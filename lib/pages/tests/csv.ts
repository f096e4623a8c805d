import { csvLine } from "../security/csv";
import type { TestListRow } from "./types";

export const TESTS_CSV_HEADER = ["service", "suite", "classname", "name", "failures", "flaky_commits", "last_failed_at", "last_failed_pipeline", "test_id"] as const;

export function testsCsv(rows: readonly TestListRow[]): string {
  return (
    csvLine([...TESTS_CSV_HEADER]) +
    rows.map((r) => csvLine([r.service, r.suite, r.classname, r.name, r.failures, r.flakyCommits, r.lastFailedAt, r.lastFailedPipelineId, r.id])).join("")
  );
}
