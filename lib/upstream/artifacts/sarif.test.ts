import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseArtifact } from "./artifact";
import type { ArtifactResult } from "./types";

/*
 * SARIF from any tool, by the SARIF 2.1.0 rules (§3.27 result, §3.49 reportingDescriptor): where a
 * result's rule comes from, which level it has when none is written, and which severity a tool's
 * properties state. Small hand-made logs for each rule; the real files are in fixtures.test.ts.
 */

const REAL = "test/fixtures/real";

type Json = Record<string, unknown>;

/** A SARIF log of one run: a driver (name, rules) and its results. */
function sarif(driver: Json, results: Json[], extensions?: Json[]): string {
  return JSON.stringify({
    version: "2.1.0",
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    runs: [{ tool: { driver, ...(extensions ? { extensions } : {}) }, results }],
  });
}

const at = (uri: string, startLine: number, snippet?: string) => ({
  physicalLocation: { artifactLocation: { uri }, region: { startLine, ...(snippet ? { snippet: { text: snippet } } : {}) } },
});

function scan(result: ArtifactResult) {
  if (result.status !== "ok" || result.kind !== "scan") throw new Error(`expected scan findings, got ${JSON.stringify(result)}`);
  return result;
}

async function findings(bytes: string, name = "report.sarif") {
  return scan(await parseArtifact({ bytes, name })).findings;
}

const RULES = [
  { id: "py/sql-injection", name: "SqlInjection", shortDescription: { text: "SQL query built from user-controlled sources" } },
  { id: "py/weak-hash", shortDescription: { text: "Use of a broken hash" }, defaultConfiguration: { level: "note" } },
];

describe("the result's rule", () => {
  it("ruleId, else rule.id, else rule.index or ruleIndex into the driver's rules", async () => {
    const driver = { name: "CodeQL", rules: RULES };
    const message = { text: "Query depends on a user-provided value." };
    const results = await findings(
      sarif(driver, [
        { ruleId: "py/sql-injection", message, locations: [at("app.py", 10)] },
        { rule: { id: "py/sql-injection" }, message, locations: [at("app.py", 11)] },
        { rule: { index: 1 }, message, locations: [at("app.py", 12)] },
        { ruleIndex: 1, message, locations: [at("app.py", 13)] },
      ]),
    );
    expect(results.map((f) => f.ruleId)).toEqual(["py/sql-injection", "py/sql-injection", "py/weak-hash", "py/weak-hash"]);
    // The rule found by index gives its default level: note → LOW.
    expect(results.map((f) => f.severity)).toEqual(["MEDIUM", "MEDIUM", "LOW", "LOW"]);
  });

  it("rule.toolComponent points into an extension's rules (CodeQL query packs)", async () => {
    const bytes = sarif({ name: "CodeQL", rules: [] }, [{ rule: { id: "js/xss", index: 0, toolComponent: { index: 0 } }, message: { text: "XSS" } }], [
      { name: "codeql/javascript-queries", rules: [{ id: "js/xss", properties: { "security-severity": "6.1" } }] },
    ]);
    const [finding] = await findings(bytes);
    expect(finding).toMatchObject({ ruleId: "js/xss", severity: "MEDIUM" });
    const byIndexOnly = sarif({ name: "CodeQL" }, [{ rule: { index: 0, toolComponent: { index: 0 } }, message: { text: "XSS" } }], [
      { name: "codeql/javascript-queries", rules: [{ id: "js/xss", properties: { "security-severity": "9.3" } }] },
    ]);
    expect(await findings(byIndexOnly)).toMatchObject([{ ruleId: "js/xss", severity: "CRITICAL" }]);
  });

  it("without ruleId, rule or index: the rule the message starts with (longest name), else the message itself", async () => {
    const driver = { name: "Gitleaks", rules: [{ id: "AWS", name: "AWS" }, { id: "AWS Secret Key", name: "AWS Secret Key" }] };
    const results = await findings(
      sarif(driver, [
        { message: { text: "AWS Secret Key secret detected" }, locations: [at("a.py", 1)] },
        { message: { text: "Something else entirely\nsecond line" }, locations: [at("a.py", 2)] },
        { message: {}, locations: [at("a.py", 3)] },
      ]),
      "gitleaks.sarif",
    );
    expect(results.map((f) => f.ruleId)).toEqual(["AWS Secret Key", "Something else entirely", "(no rule)"]);
  });
});

describe("level and severity", () => {
  const driver = { name: "Bandit", rules: [{ id: "B101" }, { id: "B303", defaultConfiguration: { level: "error" } }] };

  it("no level on the result nor the rule: SARIF's default, warning → MEDIUM; the result's level wins over the rule's", async () => {
    const results = await findings(
      sarif(driver, [
        { ruleId: "B101", message: { text: "assert used" } },
        { ruleId: "B303", message: { text: "md5" } },
        { ruleId: "B303", level: "note", message: { text: "md5 in a test" } },
        { ruleId: "B101", level: "none", message: { text: "assert in a test" } },
      ]),
    );
    expect(results.map((f) => f.severity)).toEqual(["MEDIUM", "HIGH", "LOW", "INFO"]);
  });

  it("kind: pass and notApplicable are no findings; other kinds without a level are level none", async () => {
    const results = await findings(
      sarif(driver, [
        { ruleId: "B101", kind: "pass", message: { text: "checked" } },
        { ruleId: "B101", kind: "notApplicable", message: { text: "no Python here" } },
        { ruleId: "B303", kind: "review", message: { text: "look at this" } },
        { ruleId: "B303", kind: "fail", message: { text: "md5" } },
      ]),
    );
    expect(results.map((f) => `${f.title} ${f.severity}`)).toEqual(["look at this INFO", "md5 HIGH"]);
  });

  it("security-severity (CVSS bands) over problem.severity over severity tags over the level; the result's own over its rule's", async () => {
    const rules = [
      { id: "cvss", defaultConfiguration: { level: "note" }, properties: { "security-severity": "9.8", "problem.severity": "recommendation" } },
      { id: "problem", defaultConfiguration: { level: "note" }, properties: { "problem.severity": "error" } },
      { id: "tagged", properties: { tags: ["security", "low"] } },
      { id: "numeric", properties: { "security-severity": 7.5 } },
      { id: "junk", defaultConfiguration: { level: "error" }, properties: { "security-severity": "high", tags: "not-a-list" } },
    ];
    const results = await findings(
      sarif({ name: "Checkov", rules }, [
        { ruleId: "cvss", message: { text: "a" } },
        { ruleId: "problem", message: { text: "b" } },
        { ruleId: "tagged", message: { text: "c" } },
        { ruleId: "numeric", message: { text: "d" } },
        { ruleId: "junk", message: { text: "e" } },
        { ruleId: "cvss", message: { text: "f" }, properties: { "security-severity": "2.0" } },
      ]),
    );
    expect(results.map((f) => `${f.title} ${f.severity}`)).toEqual(["a CRITICAL", "b HIGH", "c LOW", "d HIGH", "e HIGH", "f LOW"]);
  });
});

describe("any other tool", () => {
  it("is stored as sarif, its category from the tags, the driver's name in the fingerprint", async () => {
    const rules = [
      { id: "CKV_AWS_20", properties: { tags: ["misconfiguration"] } },
      { id: "generic-secret", properties: { tags: ["Secret"] } },
      { id: "GHSA-xxxx", properties: { tags: ["vulnerability"] } },
      { id: "py/unused" },
    ];
    const results = await findings(
      sarif({ name: "Checkov", rules }, [
        { ruleId: "CKV_AWS_20", message: { text: "S3 bucket is public" }, locations: [at("main.tf", 4)] },
        { ruleId: "generic-secret", message: { text: "a key" }, locations: [at("main.tf", 9, "key = \"hunter2hunter2\"")] },
        { ruleId: "GHSA-xxxx", message: { text: "a package" } },
        { ruleId: "py/unused", message: { text: "unused import" }, locations: [at("x.py", 1)] },
      ]),
    );
    expect(results.map((f) => `${f.tool} ${f.category} ${f.location}`)).toEqual([
      "sarif misconfiguration main.tf:4",
      "sarif secret main.tf:9",
      "sarif vulnerability ",
      "sarif code x.py:1",
    ]);
    const same = sarif({ name: "Other", rules }, [{ ruleId: "py/unused", message: { text: "unused import" }, locations: [at("x.py", 1)] }]);
    expect((await findings(same))[0]?.fingerprint).not.toBe(results[3]?.fingerprint);
  });

  it("a secret's fingerprint never takes its snippet; code's does", async () => {
    const rules = [{ id: "secret", properties: { tags: ["secret"] } }, { id: "code" }];
    const run = (snippet: string, ruleId: string) =>
      findings(sarif({ name: "Scanner", rules }, [{ ruleId, message: { text: "found" }, locations: [at("a.env", 1, snippet)] }]));
    const [a] = await run("TOKEN=aaaaaaaaaaaa", "secret");
    const [b] = await run("TOKEN=bbbbbbbbbbbb", "secret");
    expect(b?.fingerprint).toBe(a?.fingerprint);
    const [c] = await run("x = 1", "code");
    const [d] = await run("x = 2", "code");
    expect(d?.fingerprint).not.toBe(c?.fingerprint);
  });

  it("a moved result keeps its fingerprint (no line in it)", async () => {
    const doc = (line: number) => sarif({ name: "Bandit", rules: [{ id: "B101" }] }, [{ ruleId: "B101", message: { text: "assert used" }, locations: [at("a.py", line, "assert x")] }]);
    const [before] = await findings(doc(3));
    const [after] = await findings(doc(30));
    expect(after?.line).toBe(30);
    expect(after?.fingerprint).toBe(before?.fingerprint);
  });

  it("without a tool: one driver of its own decides, several tools in one log are read as sarif", async () => {
    const semgrep = await readFile(`${REAL}/sarif/semgrep-basic-output-format.sarif`, "utf8");
    expect(await parseArtifact({ bytes: semgrep })).toMatchObject({ status: "ok", tool: "semgrep" });
    const log = z.looseObject({ runs: z.array(z.unknown()) });
    const two = log.parse(JSON.parse(semgrep));
    const codeql = log.parse(JSON.parse(sarif({ name: "CodeQL" }, [])));
    const mixed = JSON.stringify({ ...two, runs: [...two.runs, ...codeql.runs] });
    expect(await parseArtifact({ bytes: mixed })).toMatchObject({ status: "ok", tool: "sarif", countsBySeverity: { HIGH: 1 } });
    expect(await parseArtifact({ bytes: sarif({ name: "Bandit" }, []) })).toMatchObject({ status: "ok", tool: "sarif", findings: [] });
  });

  it("Semgrep read as sarif keeps Semgrep's severity (the rule's default level)", async () => {
    const result = await parseArtifact({ path: `${REAL}/sarif/semgrep-basic-output-format.sarif`, tool: "sarif" });
    expect(result).toMatchObject({ status: "ok", tool: "sarif", countsBySeverity: { HIGH: 1 }, findings: [{ ruleId: "rules.eqeq-is-bad", category: "code" }] });
  });
});

describe("wrong tool or format", () => {
  it("Semgrep SARIF given as Gitleaks, Gitleaks SARIF given as Semgrep", async () => {
    expect(await parseArtifact({ path: `${REAL}/sarif/semgrep-basic-output-format.sarif`, tool: "gitleaks" })).toEqual({
      status: "error",
      tool: "gitleaks",
      message: 'wrong tool: expected Gitleaks SARIF for gitleaks, but runs[0] was written by "Semgrep OSS"',
    });
    expect(await parseArtifact({ path: `${REAL}/sarif/gitleaks-8-report-sarif-simple.sarif`, tool: "semgrep" })).toMatchObject({
      message: 'wrong tool: expected Semgrep SARIF for semgrep, but runs[0] was written by "gitleaks"',
    });
  });

  it("SARIF given as a GitLab report", async () => {
    expect(await parseArtifact({ path: `${REAL}/sarif/gitleaks-8-report-sarif-simple.sarif`, tool: "gitlab-secrets" })).toMatchObject({
      status: "error",
      message: "wrong format: gitlab-secrets reads a GitLab security report, but this is SARIF",
    });
  });
});
