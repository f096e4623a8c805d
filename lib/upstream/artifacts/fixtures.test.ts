import { describe, expect, it } from "vitest";
import { parseArtifact } from "./artifact";
import type { ArtifactResult, FindingCategory, NormalizedFinding } from "./types";

/*
 * Every scan, coverage and build artifact in test/fixtures/real parses. The expected figures were
 * counted from the files themselves with jq/grep (commands beside each case), not by this code.
 */

const REAL = "test/fixtures/real";

function scan(result: ArtifactResult) {
  if (result.status !== "ok" || result.kind !== "scan") throw new Error(`expected scan findings, got ${JSON.stringify(result)}`);
  return result;
}

function byCategory(findings: readonly NormalizedFinding[]): Partial<Record<FindingCategory, number>> {
  const counts: Partial<Record<FindingCategory, number>> = {};
  for (const f of findings) counts[f.category] = (counts[f.category] ?? 0) + 1;
  return counts;
}

describe("real SARIF", () => {
  it("Semgrep: severity from the rule's defaultConfiguration.level when the result has none", async () => {
    // jq '[.runs[].results[]] | length' → 1; its rule rules.eqeq-is-bad has defaultConfiguration.level "error" → HIGH
    const result = scan(await parseArtifact({ path: `${REAL}/sarif/semgrep-basic-output-format.sarif` }));
    expect(result.tool).toBe("semgrep");
    expect(result.countsBySeverity).toEqual({ CRITICAL: 0, HIGH: 1, MEDIUM: 0, LOW: 0, INFO: 0 });
    expect(byCategory(result.findings)).toEqual({ code: 1 });
    const [finding] = result.findings;
    expect(finding).toMatchObject({
      ruleId: "rules.eqeq-is-bad",
      file: "targets/basic/stupid.py",
      line: 3,
      location: "targets/basic/stupid.py:3",
      title: "useless comparison operation `a + b == a + b` or `a + b != a + b`",
      links: ["https://semgrep.dev/r/eqeq-bad"],
      packageName: null,
    });
  });

  it("older Trivy SARIF: severity from the rule's tags", async () => {
    // jq -r '.runs[0] as $r | $r.results[] | $r.tool.driver.rules[.ruleIndex].properties.tags[-1]' | sort | uniq -c
    //   → 6 MEDIUM, 2 LOW (4 CVEs × libcrypto1.1, libssl1.1)
    const result = scan(await parseArtifact({ path: `${REAL}/sarif/trivy-image-alpine-310.sarif` }));
    expect(result.tool).toBe("trivy-image");
    expect(result.countsBySeverity).toEqual({ CRITICAL: 0, HIGH: 0, MEDIUM: 6, LOW: 2, INFO: 0 });
    expect(byCategory(result.findings)).toEqual({ vulnerability: 8 });
    const low = result.findings.filter((f) => f.severity === "LOW").map((f) => `${f.ruleId} ${f.location}`);
    expect(low.sort()).toEqual(["CVE-2019-1547 libcrypto1.1@1.1.1c-r0", "CVE-2019-1547 libssl1.1@1.1.1c-r0"]);
  });

  it("newer Trivy SARIF: severity from security-severity", async () => {
    // jq -r '… rules[.ruleIndex].properties["security-severity"]' | uniq -c → 4 × "5.3" → MEDIUM
    const result = scan(await parseArtifact({ path: `${REAL}/sarif/trivy-image-alpine-310-security-severity.sarif` }));
    expect(result.countsBySeverity).toEqual({ CRITICAL: 0, HIGH: 0, MEDIUM: 4, LOW: 0, INFO: 0 });
    expect(result.findings[0]).toMatchObject({
      ruleId: "CVE-2019-1549",
      title: "openssl: information disclosure in fork()",
      location: "libcrypto1.1@1.1.1c-r0",
      packageName: "libcrypto1.1",
      installedVersion: "1.1.1c-r0",
      fixedVersion: "1.1.1d-r0",
      links: ["https://avd.aquasec.com/nvd/cve-2019-1549"],
    });
  });
});

describe("real Trivy JSON", () => {
  // Counted with: jq -r '.Results[] | (.Vulnerabilities // [] | .[] | "vulnerability \(.Severity)"),
  //   (.Misconfigurations // [] | .[] | select(.Status=="FAIL") | "misconfiguration \(.Severity)"),
  //   (.Secrets // [] | .[] | "secret \(.Severity)")' FILE | sort | uniq -c
  it("image scan: 4 MEDIUM vulnerabilities", async () => {
    const result = scan(await parseArtifact({ path: `${REAL}/trivy-json/trivy-image-alpine-310.json` }));
    expect(result.tool).toBe("trivy-image");
    expect(result.countsBySeverity).toEqual({ CRITICAL: 0, HIGH: 0, MEDIUM: 4, LOW: 0, INFO: 0 });
    expect(byCategory(result.findings)).toEqual({ vulnerability: 4 });
    const first = result.findings[0];
    expect(first).toMatchObject({ ruleId: "CVE-2019-1549", location: "libcrypto1.1@1.1.1c-r0", fixedVersion: "1.1.1d-r0" });
    // PrimaryURL plus 20 References, none repeated (jq '.Results[0].Vulnerabilities[0].References | length' → 20)
    expect(first?.links[0]).toBe("https://avd.aquasec.com/nvd/cve-2019-1549");
    expect(first?.links).toHaveLength(21);
  });

  it("config scan: 1 HIGH misconfiguration", async () => {
    const result = scan(await parseArtifact({ path: `${REAL}/trivy-json/trivy-config-dockerfile-misconfig.json`, tool: "trivy-fs" }));
    expect(result.countsBySeverity).toEqual({ CRITICAL: 0, HIGH: 1, MEDIUM: 0, LOW: 0, INFO: 0 });
    expect(result.findings).toMatchObject([{ category: "misconfiguration", ruleId: "DS002", file: "Dockerfile", title: "Image user should not be 'root'" }]);
  });

  it("filesystem scan: vulnerabilities, a misconfiguration and secrets", async () => {
    const result = scan(await parseArtifact({ path: `${REAL}/trivy-json/defectdojo-trivy-fs-vulns-misconfig-secrets.json` }));
    expect(result.tool).toBe("trivy-fs");
    expect(result.countsBySeverity).toEqual({ CRITICAL: 2, HIGH: 2, MEDIUM: 1, LOW: 0, INFO: 0 });
    expect(byCategory(result.findings)).toEqual({ vulnerability: 2, misconfiguration: 1, secret: 2 });
    const secrets = result.findings.filter((f) => f.category === "secret").map((f) => f.location);
    expect(secrets).toEqual(["Dockerfile:24", "secret.txt:1"]);
  });
});

describe("real Cobertura", () => {
  // grep -o '<coverage [^>]*>' FILE; grep -c '<line ' FILE counts the same lines-valid.
  it("coverage.py 7.11: branch-rate=\"1\" with branches-valid=\"0\" means no branch figure", async () => {
    const result = await parseArtifact({ path: `${REAL}/coverage/coveragepy-7.11-cobertura-two-packages.xml` });
    expect(result).toEqual({
      status: "ok",
      kind: "coverage",
      tool: "cobertura",
      coverage: { lineRate: 1, linesValid: 34, linesCovered: 34, branchRate: null, branchesValid: 0, branchesCovered: 0 },
    });
  });

  it("coverage.py 7.5 line-only report", async () => {
    const result = await parseArtifact({ path: `${REAL}/coverage/coveragepy-cobertura-confectioner-lineonly.xml` });
    expect(result).toMatchObject({ status: "ok", coverage: { lineRate: 1, linesValid: 285, linesCovered: 285, branchRate: null } });
  });

  it.each(["pytest-junit-30-pass-single-line.xml", "pytest-junit-with-properties.xml"])("JUnit %s is refused as not Cobertura", async (file) => {
    const result = await parseArtifact({ path: `${REAL}/coverage/${file}` });
    expect(result).toEqual({
      status: "error",
      tool: "cobertura",
      message: "not Cobertura coverage: this is a JUnit XML test report (root element <testsuites>)",
    });
  });
});
