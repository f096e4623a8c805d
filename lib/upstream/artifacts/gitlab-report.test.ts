import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseArtifact } from "./artifact";
import { fixedVersionOf } from "./gitlab-report";
import { replaceKey } from "./testing";
import type { ArtifactResult } from "./types";

/*
 * GitLab's security reports beyond the counts (fixtures.test.ts): which tool a report is, what a
 * broken one says, and fingerprints that survive the next run. Variants are edits of the real files.
 */

const DIR = "test/fixtures/real/gitlab-reports";
const SAST = `${DIR}/gl-sast-report-semgrep-z2m-dashboard.json`;
const SECRETS = `${DIR}/gl-secret-detection-report-secrets-branchforge.json`;
const DEPENDENCIES = `${DIR}/gl-dependency-scanning-report-gemnasium-python.json`;
const CONTAINER = `${DIR}/gl-container-scanning-report-trivy-alpine-310.json`;

const report = z.looseObject({ version: z.string(), vulnerabilities: z.array(z.looseObject({})), scan: z.looseObject({}).optional() });

async function readReport(file: string) {
  return report.parse(JSON.parse(await readFile(file, "utf8")));
}

function scan(result: ArtifactResult) {
  if (result.status !== "ok" || result.kind !== "scan") throw new Error(`expected scan findings, got ${JSON.stringify(result)}`);
  return result;
}

describe("which GitLab report", () => {
  it("the file name tells, else scan.type, else (14.x) the vulnerabilities' category", async () => {
    const bytes = await readFile(SAST);
    expect(await parseArtifact({ bytes, name: "gl-sast-report.json" })).toMatchObject({ status: "ok", tool: "gitlab-sast" });
    expect(await parseArtifact({ bytes, name: "report.json" })).toMatchObject({ status: "ok", tool: "gitlab-sast" });
    const { scan: _scan, ...withoutScan } = await readReport(SAST);
    expect(await parseArtifact({ bytes: JSON.stringify(withoutScan) })).toMatchObject({ status: "ok", tool: "gitlab-sast", countsBySeverity: { MEDIUM: 7 } });
    for (const [file, tool] of [
      [SECRETS, "gitlab-secrets"],
      [DEPENDENCIES, "gitlab-dependencies"],
      [CONTAINER, "gitlab-container"],
    ] as const) {
      expect(await parseArtifact({ bytes: await readFile(file) })).toMatchObject({ status: "ok", tool });
    }
  });

  it("a report of another kind, or of no telling kind, needs its tool named", async () => {
    const dast = { ...(await readReport(SAST)), scan: { type: "dast" } };
    expect(await parseArtifact({ bytes: JSON.stringify(dast) })).toMatchObject({
      status: "error",
      message: "GitLab dast reports are not read (only sast, secret_detection, dependency_scanning and container_scanning)",
    });
    const { scan: _scan, ...dependencies } = await readReport(DEPENDENCIES);
    expect(await parseArtifact({ bytes: JSON.stringify(dependencies) })).toMatchObject({
      status: "error",
      message: "a GitLab security report without scan.type: name its tool (gitlab-sast, gitlab-secrets, gitlab-dependencies or gitlab-container)",
    });
    expect(await parseArtifact({ bytes: JSON.stringify(dependencies), tool: "gitlab-dependencies" })).toMatchObject({ status: "ok", countsBySeverity: { HIGH: 1 } });
  });
});

describe("broken or wrong GitLab reports", () => {
  it("an unknown severity names the field", async () => {
    const doc = replaceKey(await readReport(DEPENDENCIES), "severity", () => "Severe");
    expect(await parseArtifact({ bytes: JSON.stringify(doc), tool: "gitlab-dependencies" })).toMatchObject({
      status: "error",
      message: 'invalid GitLab security report: vulnerabilities[0].severity: "Severe" is not a severity (Critical, High, Medium, Low, Info, Unknown)',
    });
  });

  it("severity words in any case; Unknown → INFO", async () => {
    const upper = replaceKey(await readReport(DEPENDENCIES), "severity", () => "CRITICAL");
    expect(await parseArtifact({ bytes: JSON.stringify(upper), tool: "gitlab-dependencies" })).toMatchObject({ countsBySeverity: { CRITICAL: 1 } });
    const unknown = replaceKey(await readReport(DEPENDENCIES), "severity", () => "Unknown");
    expect(await parseArtifact({ bytes: JSON.stringify(unknown), tool: "gitlab-dependencies" })).toMatchObject({ countsBySeverity: { INFO: 1 } });
  });

  it("versions other than 14.x and 15.x", async () => {
    const old = { ...(await readReport(SAST)), version: "3.0.0" };
    expect(await parseArtifact({ bytes: JSON.stringify(old), tool: "gitlab-sast" })).toMatchObject({
      message: 'unsupported GitLab security report version "3.0.0" (expected 14.x or 15.x)',
    });
  });

  it("a GitLab report given as SARIF, as Trivy, or named .sarif", async () => {
    const bytes = await readFile(CONTAINER);
    expect(await parseArtifact({ bytes, tool: "semgrep" })).toMatchObject({
      status: "error",
      tool: "semgrep",
      message: "wrong format: semgrep reads SARIF, but this is a GitLab security report",
    });
    expect(await parseArtifact({ bytes, tool: "trivy-image" })).toMatchObject({
      message: "wrong format: trivy-image reads SARIF or a Trivy JSON report, but this is a GitLab security report",
    });
    expect(await parseArtifact({ bytes, name: "container.sarif" })).toMatchObject({
      message: "wrong format: the file is named .sarif but holds a GitLab security report, not SARIF",
    });
    const trivyJson = await readFile("test/fixtures/real/trivy-json/trivy-image-alpine-310.json");
    expect(await parseArtifact({ bytes: trivyJson, tool: "gitlab-container" })).toMatchObject({
      message: "wrong format: gitlab-container reads a GitLab security report, but this is a Trivy JSON report",
    });
  });
});

describe("GitLab report fingerprints", () => {
  it("a secret that moved keeps its fingerprint, and the extract (the secret) is not part of it", async () => {
    const original = await readReport(SECRETS);
    const before = scan(await parseArtifact({ bytes: JSON.stringify(original), tool: "gitlab-secrets" })).findings;
    const moved = replaceKey(replaceKey(original, "start_line", (line) => Number(line) + 10), "raw_source_code_extract", () => "changed");
    const after = scan(await parseArtifact({ bytes: JSON.stringify(moved), tool: "gitlab-secrets" })).findings;
    expect(after.map((f) => f.line)).toEqual([12, 13, 11, 11]);
    expect(after.map((f) => f.fingerprint)).toEqual(before.map((f) => f.fingerprint));
  });

  it("a dependency keeps its fingerprint across versions; a container package across images", async () => {
    const deps = await readReport(DEPENDENCIES);
    const [before] = scan(await parseArtifact({ bytes: JSON.stringify(deps), tool: "gitlab-dependencies" })).findings;
    const bumped = replaceKey(deps, "version", (v) => (v === "2.0.2" ? "2.0.3" : v));
    const [after] = scan(await parseArtifact({ bytes: JSON.stringify(bumped), tool: "gitlab-dependencies" })).findings;
    expect(after?.installedVersion).toBe("2.0.3");
    expect(after?.fingerprint).toBe(before?.fingerprint);

    const container = await readReport(CONTAINER);
    const first = scan(await parseArtifact({ bytes: JSON.stringify(container), tool: "gitlab-container" })).findings;
    const retagged = replaceKey(container, "image", () => "registry.example.com/cwiq/server:main-0123abc");
    const second = scan(await parseArtifact({ bytes: JSON.stringify(retagged), tool: "gitlab-container" })).findings;
    expect(second.map((f) => f.fingerprint)).toEqual(first.map((f) => f.fingerprint));
  });

  it("SAST findings of one rule in one file stay apart, and keep their fingerprints when the file moves lines", async () => {
    const sast = await readReport(SAST);
    const before = scan(await parseArtifact({ bytes: JSON.stringify(sast), tool: "gitlab-sast" })).findings;
    const moved = replaceKey(sast, "start_line", (line) => Number(line) + 5);
    const after = scan(await parseArtifact({ bytes: JSON.stringify(moved), tool: "gitlab-sast" })).findings;
    expect(after.map((f) => f.fingerprint)).toEqual(before.map((f) => f.fingerprint));
    expect(new Set(before.map((f) => f.fingerprint)).size).toBe(before.length);
  });
});

describe("fixed version from a solution", () => {
  it.each([
    ["Upgrade libcrypto1.1 to 1.1.1d-r0", "libcrypto1.1", "1.1.1d-r0"],
    ["Upgrade com.fasterxml.jackson.core:jackson-core to 2.18.11, 2.21.7", "com.fasterxml.jackson.core:jackson-core", "2.18.11, 2.21.7"],
    ["Upgrade to versions 2.2.5, 2.3.2 or above.", "Flask", "2.2.5, 2.3.2"],
    ["Upgrade to version 1.2.3 or above.", "x", "1.2.3"],
    ["No solution provided", "apt", null],
    ["Upgrade other-package to 1.0", "apt", null],
  ])("%s", (solution, packageName, fixed) => {
    expect(fixedVersionOf(solution, packageName)).toBe(fixed);
  });
  it("none", () => {
    expect(fixedVersionOf(undefined, "x")).toBeNull();
  });
});
