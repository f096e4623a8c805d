import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { z } from "zod";

/* `npm run parse` as a user runs it: a child process, real files, stdout/stderr and exit code. */

function runParse(...args: string[]) {
  const child = spawnSync("node_modules/.bin/tsx", ["scripts/parse.ts", ...args], { encoding: "utf8" });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

const findingLine = z.object({ tool: z.string(), ruleId: z.string(), severity: z.string(), location: z.string(), fingerprint: z.string() });

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
});
