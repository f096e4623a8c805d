import { describe, expect, it } from "vitest";
import { evidenceFor, runTest, type DojoRun, type DojoTest } from "./match";

/* Which test is a run's import, decided on the test's own fields. */

const SHA = "8d1f3c0b6e2a4f5b9c7d1e3f5a7b9c1d3e5f7a9b";
const run: DojoRun = { id: 7001, sha: SHA, ref: "main", createdAt: new Date("2026-06-01T10:00:00Z") };

function test(fields: Partial<DojoTest>): DojoTest {
  return {
    id: 1,
    engagementId: 210,
    title: null,
    testType: "Trivy Scan",
    buildId: null,
    commitHash: null,
    branchTag: "main",
    created: new Date("2026-06-01T10:20:00Z"),
    link: "https://dojo.example/test/1",
    ...fields,
  };
}

describe("evidenceFor", () => {
  it.each([
    [{ buildId: "7001", commitHash: SHA }, "build_id"],
    [{ buildId: " 7001 " }, "build_id"],
    [{ commitHash: SHA }, "commit_hash"],
    [{ commitHash: SHA.slice(0, 8).toUpperCase() }, "commit_hash"],
    [{ commitHash: SHA, branchTag: "refs/heads/main" }, "commit_hash"],
    [{ commitHash: SHA, branchTag: "" }, "commit_hash"],
  ] as const)("%j is the run's (%s)", (fields, expected) => {
    expect(evidenceFor(test(fields), run)).toBe(expected);
  });

  it.each([
    [{}, "names neither build nor commit (a branch alone)"],
    [{ buildId: "", commitHash: "" }, "empty fields name nothing"],
    [{ buildId: "7002", commitHash: SHA }, "its build id names another pipeline of the same commit"],
    [{ buildId: "7001", commitHash: "0".repeat(40) }, "its commit contradicts the build id (another CI's build 7001)"],
    [{ commitHash: SHA.slice(0, 6) }, "a 6-character prefix is too short"],
    [{ commitHash: SHA, branchTag: "feature/x" }, "the same commit scanned on another branch"],
    [{ buildId: "7001", created: new Date("2026-06-01T09:00:00Z") }, "imported an hour before the run was created"],
  ] as const)("%j is not: %s", (fields, why) => {
    expect(evidenceFor(test(fields), run), why).toBeNull();
  });

  it("allows a few minutes of clock difference between DefectDojo and GitLab", () => {
    expect(evidenceFor(test({ buildId: "7001", created: new Date("2026-06-01T09:50:00Z") }), run)).toBe("build_id");
  });
});

describe("runTest", () => {
  const engagements = new Set([210]);

  it("prefers a build id match, then the newest import", () => {
    const byCommit = test({ id: 10, commitHash: SHA, created: new Date("2026-06-01T11:00:00Z") });
    const byBuild = test({ id: 11, buildId: "7001", created: new Date("2026-06-01T10:10:00Z") });
    const reimport = test({ id: 12, buildId: "7001", created: new Date("2026-06-01T10:30:00Z") });
    expect(runTest([byCommit, byBuild, reimport], run, engagements)).toEqual({ test: reimport, matchedBy: "build_id" });
    expect(runTest([byCommit], run, engagements)).toEqual({ test: byCommit, matchedBy: "commit_hash" });
  });

  it("ignores tests of engagements outside the service's product, whatever they name", () => {
    const otherProduct = test({ id: 20, engagementId: 260, buildId: "7001", commitHash: SHA });
    expect(runTest([otherProduct], run, engagements)).toBeNull();
  });

  it("takes none when the only test on the branch names no run, however new", () => {
    const anonymous = test({ id: 30, created: new Date("2026-06-02T00:00:00Z") });
    const neighbour = test({ id: 31, buildId: "7000", commitHash: "1".repeat(40) });
    expect(runTest([anonymous, neighbour], run, engagements)).toBeNull();
  });
});
