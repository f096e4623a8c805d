import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { z } from "zod";

/* `npm run parse` as a user runs it: a child process, real files, stdout/stderr and exit code. */

function runParse(...args: string[]) {
  return runParseWith({}, ...args);
}

function runParseWith(env: Record<string, string>, ...args: string[]) {
  const { SCAN_ARTIFACTS: _configured, ...inherited } = process.env;
  const child = spawnSync("node_modules/.bin/tsx", ["scripts/parse.ts", ...args], { encoding: "utf8", env: { ...inherited, ...env } });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

const findingLine = z.object({
  tool: z.string(),
  category: z.string(),
  ruleId: z.string(),
  severity: z.string(),
  title: z.string(),
  location: z.string(),
  fingerprint: z.string(),
});

/** The findings a run printed, one per line; stderr must stay empty. */
function findingsOf(run: ReturnType<typeof runParse>) {
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  return run.stdout.trimEnd().split("\n").map((line) => findingLine.parse(JSON.parse(line)));
}

const countBy = (values: readonly string[]) => Object.fromEntries([...new Set(values)].map((v) => [v, values.filter((x) => x === v).length]));

describe("npm run parse", () => {
  it("prints one JSON line per finding of a real Trivy JSON", () => {
    const { status, stdout, stderr } = runParse("test/fixtures/real/trivy-json/defectdojo-trivy-fs-vulns-misconfig-secrets.json");
    expect(stderr).toBe("");
    expect(status).toBe(0);
    const lines = stdout.trimEnd().split("\n").map((line) => findingLine.parse(JSON.parse(line)));
    // jq: 2 Vulnerabilities + 1 failed Misconfiguration + 2 Secrets
    expect(lines.map((l) => `${l.tool} ${l.ruleId} ${l.severity} ${l.location}`)).toEqual([
      "trivy-fs CVE-2021-33503 HIGH urllib3@1.26.3",
      "trivy-fs CVE-2021-28363 MEDIUM urllib3@1.26.3",
      "trivy-fs DS002 HIGH Dockerfile",
      "trivy-fs github-pat CRITICAL Dockerfile:24",
      "trivy-fs github-pat CRITICAL secret.txt:1",
    ]);
  });

  it("--tool overrides the guess, and a wrong tool is a clear error", () => {
    const file = "test/fixtures/real/sarif/trivy-image-alpine-310.sarif";
    const wrong = runParse(file, "--tool", "semgrep");
    expect(wrong.status).toBe(1);
    expect(wrong.stdout).toBe("");
    expect(wrong.stderr.trim()).toBe(`parse: ${file}: wrong tool: expected Semgrep SARIF for semgrep, but runs[0] was written by "Trivy"`);
  });

  it("prints the coverage summary as one line", () => {
    const { status, stdout } = runParse("test/fixtures/real/coverage/coveragepy-cobertura-confectioner-lineonly.xml");
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ tool: "cobertura", lineRate: 1, linesValid: 285, linesCovered: 285, branchRate: null, branchesValid: 0, branchesCovered: 0 });
  });

  it("a missing file exits 1 with parse: FILE: message", () => {
    const { status, stdout, stderr } = runParse("test/fixtures/real/sarif/does-not-exist.sarif");
    expect(status).toBe(1);
    expect(stdout).toBe("");
    expect(stderr.trim()).toBe("parse: test/fixtures/real/sarif/does-not-exist.sarif: file not found");
  });

  it("an unknown --tool is a usage error", () => {
    const { status, stderr } = runParse("x.sarif", "--tool", "sonar");
    expect(status).toBe(2);
    expect(stderr).toContain('parse: unknown --tool "sonar"');
  });

  describe("Gitleaks SARIF and GitLab's security reports", () => {
    const REAL = "test/fixtures/real";

    it("Gitleaks 8 SARIF: one MEDIUM secret", () => {
      const lines = findingsOf(runParse(`${REAL}/sarif/gitleaks-8-report-sarif-simple.sarif`));
      expect(lines.map((l) => `${l.tool} ${l.category} ${l.ruleId} ${l.severity} ${l.location}`)).toEqual(["gitleaks secret test-rule MEDIUM auth.py:1"]);
    });

    it("Gitleaks 7 SARIF without ruleIds: 8 MEDIUM secrets of two rules", () => {
      const lines = findingsOf(runParse(`${REAL}/sarif/gitleaks-7.4-defectdojo-scan-no-ruleid.sarif`));
      expect(countBy(lines.map((l) => `${l.tool} ${l.severity} ${l.ruleId}`))).toEqual({
        "gitleaks MEDIUM AWS Access Key": 6,
        "gitleaks MEDIUM Asymmetric Private Key": 2,
      });
    });

    it("GitLab SAST: 7 MEDIUM code findings", () => {
      const lines = findingsOf(runParse(`${REAL}/gitlab-reports/gl-sast-report-semgrep-z2m-dashboard.json`));
      expect(countBy(lines.map((l) => `${l.tool} ${l.category} ${l.severity}`))).toEqual({ "gitlab-sast code MEDIUM": 7 });
      expect(lines[3]).toMatchObject({ ruleId: "eslint.detect-non-literal-regexp", location: "src/app/services/websocket.ts:329" });
    });

    it("GitLab secret detection: 4 CRITICAL secrets", () => {
      const lines = findingsOf(runParse(`${REAL}/gitlab-reports/gl-secret-detection-report-secrets-branchforge.json`));
      expect(countBy(lines.map((l) => `${l.tool} ${l.category} ${l.severity} ${l.ruleId}`))).toEqual({ "gitlab-secrets secret CRITICAL Password in URL": 4 });
      expect(lines[0]?.location).toBe(".env.example:2");
    });

    it("GitLab dependency scanning: 1 HIGH vulnerability", () => {
      const lines = findingsOf(runParse(`${REAL}/gitlab-reports/gl-dependency-scanning-report-gemnasium-python.json`));
      expect(lines.map((l) => `${l.tool} ${l.category} ${l.ruleId} ${l.severity} ${l.location}`)).toEqual([
        "gitlab-dependencies vulnerability CVE-2023-30861 HIGH Flask@2.0.2",
      ]);
    });

    it("GitLab container scanning: 4 MEDIUM vulnerabilities", () => {
      const lines = findingsOf(runParse(`${REAL}/gitlab-reports/gl-container-scanning-report-trivy-alpine-310.json`));
      expect(lines.map((l) => `${l.tool} ${l.ruleId} ${l.severity} ${l.location}`)).toEqual([
        "gitlab-container CVE-2019-1549 MEDIUM libcrypto1.1@1.1.1c-r0",
        "gitlab-container CVE-2019-1551 MEDIUM libcrypto1.1@1.1.1c-r0",
        "gitlab-container CVE-2019-1549 MEDIUM libssl1.1@1.1.1c-r0",
        "gitlab-container CVE-2019-1551 MEDIUM libssl1.1@1.1.1c-r0",
      ]);
    });

    it("names from SCAN_ARTIFACTS pick the tool; a bad SCAN_ARTIFACTS is a usage error", () => {
      const file = `${REAL}/sarif/gitleaks-8-report-sarif-simple.sarif`;
      const lines = findingsOf(runParseWith({ SCAN_ARTIFACTS: "leaks:gitleaks-8-report-sarif-simple.sarif:sarif" }, file));
      expect(lines.map((l) => l.tool)).toEqual(["sarif"]);
      const bad = runParseWith({ SCAN_ARTIFACTS: "leaks" }, file);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain('parse: SCAN_ARTIFACTS: "leaks" is not job:file or job:file:tool');
    });
  });
});

