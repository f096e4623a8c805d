import { describe, expect, it } from "vitest";
import { endpointLabel } from "./endpoint-label";

describe("endpointLabel", () => {
  it.each([
    ["/api/v4/projects/cwiq%2Fserver/pipelines", "/projects/:id/pipelines"],
    ["/api/v4/projects/42/pipelines/1234/jobs", "/projects/:id/pipelines/:id/jobs"],
    ["projects/cwiq%2Fui/pipelines/7/bridges", "/projects/:id/pipelines/:id/bridges"],
    ["/api/v4/projects/42/jobs/99/artifacts/reports/semgrep-results.sarif", "/projects/:id/jobs/:id/artifacts/:path"],
    ["/api/v4/projects/42/repository/files/.gitlab-ci.yml", "/projects/:id/repository/files/:path"],
    ["/api/qualitygates/project_status", "/api/qualitygates/project_status"],
    ["/api/v2/tests/", "/tests/"],
  ])("%s → %s", (path, label) => {
    expect(endpointLabel(path)).toBe(label);
  });
});
