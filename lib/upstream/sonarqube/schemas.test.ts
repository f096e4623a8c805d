import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { conditionText, gateCondition, issueSeverity, measureNumber } from "./normalize";
import { analysesSearchSchema, issuesSearchSchema, measuresComponentSchema, projectStatusSchema } from "./schemas";

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(path.join("test/fixtures/real/sonarqube-api", name), "utf8"));

function parse<T>(schema: z.ZodType<T>, name: string): T {
  const result = schema.safeParse(fixture(name));
  if (!result.success) throw new Error(`${name}: ${result.error.message}`);
  return result.data;
}

describe("SonarQube schemas read SonarQube's own example answers", () => {
  it("project_analyses/search: revisions and dates with a colon-less offset", () => {
    const answer = parse(analysesSearchSchema, "project_analyses-search-example.json");
    expect(answer.paging.total).toBe(3);
    expect(answer.analyses.map((a) => a.revision)).toEqual([
      "be6c75b85da526349c44e3978374c95e0b80a96d",
      "bfe36592eb7f9f2708b5d358b5b5f33ed535c8cf",
      undefined,
    ]);
    expect(answer.analyses[0]?.date.toISOString()).toBe("2016-12-12T16:12:45.000Z");
  });

  it("qualitygates/project_status: status and conditions with string values", () => {
    const answer = parse(projectStatusSchema, "qualitygates-project_status-example.json");
    expect(answer.projectStatus.status).toBe("ERROR");
    expect(answer.projectStatus.conditions[0]).toMatchObject({ metricKey: "new_coverage", comparator: "LT", errorThreshold: "85" });
    expect(answer.projectStatus.conditions.find((c) => c.metricKey === "open_issues")?.errorThreshold).toBeUndefined();
  });

  it("qualitygates/project_status before 7.6: a warning condition keeps its only threshold", () => {
    const answer = parse(projectStatusSchema, "qualitygates-project_status-older-example.json");
    const texts = answer.projectStatus.conditions.map((c) => conditionText(gateCondition(c)));
    expect(texts).toContain("open_issues 17 (GT 0, warning)");
    expect(texts).toContain("new_coverage 82.50562381034781 (LT 85)");
    expect(texts.filter((t) => t.includes("?"))).toEqual([]);
  });

  it("qualitygates/project_status now: a condition SonarQube sends without any threshold says so", () => {
    const answer = parse(projectStatusSchema, "qualitygates-project_status-example.json");
    const openIssues = answer.projectStatus.conditions.find((c) => c.metricKey === "open_issues");
    expect(openIssues && conditionText(gateCondition(openIssues))).toBe("open_issues 17 (GT ?)");
  });

  it("measures/component: values as strings, new_* only in the period", () => {
    const answer = parse(measuresComponentSchema, "measures-component-example.json");
    const ncloc = answer.component.measures.find((m) => m.metric === "ncloc");
    expect(measureNumber(ncloc?.value)).toBe(114);
    const newViolations = answer.component.measures.find((m) => m.metric === "new_violations");
    expect(measureNumber(newViolations?.value)).toBeNull();
    expect(newViolations?.period?.value).toBe("25");
  });

  it("issues/search: an issue with legacy severity and impacts, and its components", () => {
    const answer = parse(issuesSearchSchema, "issues-search-example.json");
    const issue = answer.issues[0];
    expect(issue).toMatchObject({ key: "01fc972e-2a3c-433e-bcae-0bd7f88f5123", rule: "java:S1144", severity: "MAJOR", line: 81 });
    expect(answer.components.some((c) => c.path === "src/main/java/com/github/kevinsawicki/http/HttpRequest.java")).toBe(true);
    // The legacy severity decides (MAJOR → MEDIUM) although the impact says HIGH.
    expect(issue && issueSeverity(issue)).toBe("MEDIUM");
  });

  it("rejects an analysis without a date with a message naming the field", () => {
    const result = analysesSearchSchema.safeParse({ paging: { pageIndex: 1, pageSize: 100, total: 1 }, analyses: [{ key: "A1", date: "yesterday" }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["analyses", 0, "date"]);
  });
});

describe("issueSeverity", () => {
  it.each([
    ["BLOCKER", "CRITICAL"],
    ["CRITICAL", "HIGH"],
    ["MAJOR", "MEDIUM"],
    ["MINOR", "LOW"],
    ["INFO", "INFO"],
  ] as const)("maps legacy %s to %s", (legacy, expected) => {
    expect(issueSeverity({ severity: legacy })).toBe(expected);
  });

  it("uses the highest impact when no legacy severity is sent", () => {
    const impacts = [
      { softwareQuality: "MAINTAINABILITY", severity: "LOW" as const },
      { softwareQuality: "SECURITY", severity: "BLOCKER" as const },
    ];
    expect(issueSeverity({ impacts })).toBe("CRITICAL");
    expect(issueSeverity({ impacts: [] })).toBe("INFO");
  });
});
