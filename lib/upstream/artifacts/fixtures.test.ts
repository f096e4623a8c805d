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

describe("real Gitleaks SARIF", () => {
  it("Gitleaks 8: a ruleId the driver does not list, no level anywhere → SARIF's default warning → MEDIUM", async () => {
    // jq '.runs[0].results | length' → 1; no .level on the result, no defaultConfiguration on any rule
    const result = scan(await parseArtifact({ path: `${REAL}/sarif/gitleaks-8-report-sarif-simple.sarif` }));
    expect(result.tool).toBe("gitleaks");
    expect(result.countsBySeverity).toEqual({ CRITICAL: 0, HIGH: 0, MEDIUM: 1, LOW: 0, INFO: 0 });
    expect(result.findings).toMatchObject([
      {
        category: "secret",
        ruleId: "test-rule",
        title: "test-rule has detected secret for file auth.py at commit 0000000000000000.",
        location: "auth.py:1",
        file: "auth.py",
        line: 1,
      },
    ]);
  });

  it("Gitleaks 7: results without ruleId take the rule their message starts with", async () => {
    // jq -r '.runs[0].results[].message.text' | sort | uniq -c → 6 "AWS Access Key secret detected",
    //   2 "Asymmetric Private Key secret detected"; each file:line once per commit (6d127980, 8bbcdfd7)
    const result = scan(await parseArtifact({ path: `${REAL}/sarif/gitleaks-7.4-defectdojo-scan-no-ruleid.sarif` }));
    expect(result.tool).toBe("gitleaks");
    expect(result.countsBySeverity).toEqual({ CRITICAL: 0, HIGH: 0, MEDIUM: 8, LOW: 0, INFO: 0 });
    expect(byCategory(result.findings)).toEqual({ secret: 8 });
    const rules = result.findings.map((f) => f.ruleId);
    expect(rules.filter((r) => r === "AWS Access Key")).toHaveLength(6);
    expect(rules.filter((r) => r === "Asymmetric Private Key")).toHaveLength(2);
    expect(result.findings[0]).toMatchObject({
      title: "AWS Access Key",
      location: "dojo/unittests/scans/gitlab_secret_detection_report/gitlab_secret_detection_report_1_vuln.json:13",
    });
    // The same secret at the same place in two commits is two findings, told apart by the commit, not by order.
    expect(new Set(result.findings.map((f) => f.fingerprint)).size).toBe(8);
    // The secret (the snippet) is nowhere in what is kept.
    expect(JSON.stringify(result.findings)).not.toContain("AKIAIOSFODNN7EXAMPLE");
  });
});

describe("real GitLab security reports", () => {
  it("SAST (GitLab's semgrep analyzer, 15.2.2): the primary identifier is the rule", async () => {
    // jq -r '.vulnerabilities[] | "\(.severity) \(.identifiers[0].value)"' | sort | uniq -c → 7 Medium:
    //   3 eslint.detect-non-literal-fs-filename, 2 …node_insecure_random_generator, 1 …non-literal-regexp, 1 …regex_dos
    const result = scan(await parseArtifact({ path: `${REAL}/gitlab-reports/gl-sast-report-semgrep-z2m-dashboard.json` }));
    expect(result.tool).toBe("gitlab-sast");
    expect(result.countsBySeverity).toEqual({ CRITICAL: 0, HIGH: 0, MEDIUM: 7, LOW: 0, INFO: 0 });
    expect(byCategory(result.findings)).toEqual({ code: 7 });
    expect(result.findings[0]).toMatchObject({
      ruleId: "eslint.detect-non-literal-fs-filename",
      title: "Improper limitation of a pathname to a restricted directory ('Path Traversal')",
      location: "scripts/increment-version.js:11",
      links: ["https://semgrep.dev/r/gitlab.eslint.detect-non-literal-fs-filename", "https://cwe.mitre.org/data/definitions/22.html"],
    });
    expect(new Set(result.findings.map((f) => f.fingerprint)).size).toBe(7);
  });

  it("secret detection (GitLab's secrets analyzer, 15.2.2): 4 Critical, the extract (the secret) never kept", async () => {
    // jq -r '.vulnerabilities[] | "\(.severity) \(.identifiers[0].value) \(.location.file):\(.location.start_line)"'
    const result = scan(await parseArtifact({ path: `${REAL}/gitlab-reports/gl-secret-detection-report-secrets-branchforge.json` }));
    expect(result.tool).toBe("gitlab-secrets");
    expect(result.countsBySeverity).toEqual({ CRITICAL: 4, HIGH: 0, MEDIUM: 0, LOW: 0, INFO: 0 });
    expect(result.findings.map((f) => `${f.category} ${f.ruleId} ${f.location}`)).toEqual([
      "secret Password in URL .env.example:2",
      "secret Password in URL .env.example:3",
      "secret Password in URL gl-secret-detection-report.json:1",
      "secret Password in URL gl-secret-detection-report.json:1",
    ]);
    expect(new Set(result.findings.map((f) => f.fingerprint)).size).toBe(4);
    expect(JSON.stringify(result.findings)).not.toContain("branchforge@localhost");
  });

  it("dependency scanning (gemnasium-python, 15.1.4): the CVE over gemnasium's own id, package@version, fixed versions from the solution", async () => {
    const result = scan(await parseArtifact({ path: `${REAL}/gitlab-reports/gl-dependency-scanning-report-gemnasium-python.json` }));
    expect(result.tool).toBe("gitlab-dependencies");
    expect(result.countsBySeverity).toEqual({ CRITICAL: 0, HIGH: 1, MEDIUM: 0, LOW: 0, INFO: 0 });
    const [finding] = result.findings;
    expect(finding).toMatchObject({
      category: "vulnerability",
      ruleId: "CVE-2023-30861",
      title: "Flask vulnerable to possible disclosure of permanent session cookie due to missing Vary: Cookie header",
      location: "Flask@2.0.2",
      file: "requirements.txt",
      packageName: "Flask",
      installedVersion: "2.0.2",
      fixedVersion: "2.2.5, 2.3.2",
    });
    // 3 identifier URLs + 12 links, the GHSA advisory page listed in both (jq '[.. | .url? // empty] | unique | length' → 14)
    expect(finding?.links).toHaveLength(14);
    expect(finding?.links[0]).toBe("https://gitlab.com/gitlab-org/security-products/gemnasium-db/-/blob/master/pypi/Flask/CVE-2023-30861.yml");
  });

  it("container scanning (Trivy's GitLab template, 15.0.7) agrees with Trivy's own JSON of the same image", async () => {
    const result = scan(await parseArtifact({ path: `${REAL}/gitlab-reports/gl-container-scanning-report-trivy-alpine-310.json` }));
    expect(result.tool).toBe("gitlab-container");
    expect(result.countsBySeverity).toEqual({ CRITICAL: 0, HIGH: 0, MEDIUM: 4, LOW: 0, INFO: 0 });
    const trivy = scan(await parseArtifact({ path: `${REAL}/trivy-json/trivy-image-alpine-310.json` }));
    const view = (f: NormalizedFinding) => [f.ruleId, f.severity, f.title, f.location, f.fixedVersion].join(" | ");
    expect(result.findings.map(view)).toEqual(trivy.findings.map(view));
    expect(result.findings[0]).toMatchObject({ category: "vulnerability", file: "testdata/fixtures/images/alpine-310.tar.gz", packageName: "libcrypto1.1" });
  });
});
