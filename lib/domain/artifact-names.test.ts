import { describe, expect, it } from "vitest";
import { toolFromFileName } from "./artifact-names";

describe("toolFromFileName", () => {
  it.each([
    ["semgrep-results.sarif", "semgrep"],
    ["trivy-fs-results.sarif", "trivy-fs"],
    ["trivy-image-results.json", "trivy-image"],
    ["build.env", "dotenv"],
    ["coverage.xml", "cobertura"],
    ["gl-sast-report.json", "gitlab-sast"],
    ["reports/gl-secret-detection-report.json", "gitlab-secrets"],
    ["gl-dependency-scanning-report-python.json", "gitlab-dependencies"],
    ["GL-CONTAINER-SCANNING-REPORT.json", "gitlab-container"],
    ["gitleaks.sarif", "gitleaks"],
    ["trivy.sarif", null],
    ["bandit.sarif", null],
    ["report.json", null],
  ])("%s → %s", (name, tool) => {
    expect(toolFromFileName(name)).toBe(tool);
  });

  it("the configured table's names come first", () => {
    const table = [{ job: "secrets", file: "out/leaks.sarif", tool: "gitleaks" as const }];
    expect(toolFromFileName("leaks.sarif", table)).toBe("gitleaks");
    expect(toolFromFileName("/tmp/x/leaks.sarif", table)).toBe("gitleaks");
    expect(toolFromFileName("leaks.sarif")).toBeNull();
  });
});
