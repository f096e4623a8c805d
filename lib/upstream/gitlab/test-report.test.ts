import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseTestReport } from "./test-report";

const REAL = readFileSync(path.join(process.cwd(), "test/fixtures/real/gitlab-api/pipeline-test_report.json"));
const bytes = (text: string) => new TextEncoder().encode(text);

describe("parseTestReport", () => {
  it("reads GitLab's documented test report as published", () => {
    const answer = parseTestReport(REAL);
    if (answer.status !== "ok") throw new Error(`not read: ${JSON.stringify(answer)}`);
    expect(answer.report.total_count).toBe(1);
    expect(answer.report.test_suites[0]?.test_cases[0]).toMatchObject({
      status: "success",
      name: "Security Reports can create an auto-remediation MR",
      classname: "vulnerability_management_spec",
      execution_time: 5,
      stack_trace: null,
    });
  });

  it("calls a cut-off body invalid, not JSON", () => {
    const answer = parseTestReport(REAL.subarray(0, Math.floor(REAL.length / 2)));
    expect(answer).toMatchObject({ status: "invalid" });
    expect(answer.status === "invalid" && answer.message).toMatch(/not JSON/);
  });

  it("names where a report does not have GitLab's shape", () => {
    const doc = JSON.parse(REAL.toString("utf8")) as { test_suites: { test_cases: { status: unknown }[] }[] };
    const first = doc.test_suites[0]?.test_cases[0];
    if (first) first.status = 3;
    const answer = parseTestReport(bytes(JSON.stringify(doc)));
    expect(answer.status === "invalid" && answer.message).toMatch(/at test_suites\.0\.test_cases\.0\.status/);
  });

  it("takes missing times, classnames and texts as GitLab's older answers leave them (the store reads them as none)", () => {
    const answer = parseTestReport(
      bytes(JSON.stringify({
        total_time: 0, total_count: 1, success_count: 0, failed_count: 1, skipped_count: 0, error_count: 0,
        test_suites: [{ name: "rspec", total_time: 0, total_count: 1, success_count: 0, failed_count: 1, skipped_count: 0, error_count: 0,
          test_cases: [{ status: "failed", name: "works", execution_time: null }] }],
      })),
    );
    expect(answer.status === "ok" && answer.report.test_suites[0]?.test_cases[0]).toEqual({ status: "failed", name: "works", execution_time: null });
  });
});
