import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parseArtifact } from "./artifact";
import type { ArtifactInput } from "./artifact";
import { replaceKey } from "./testing";
import type { NormalizedFinding } from "./types";

/* The same finding in the next run keeps its fingerprint; a different one gets another. */

const REAL = "test/fixtures/real";

async function findings(input: ArtifactInput): Promise<NormalizedFinding[]> {
  const result = await parseArtifact(input);
  if (result.status !== "ok" || result.kind !== "scan") throw new Error(JSON.stringify(result));
  return result.findings;
}

async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await readFile(file, "utf8"));
}

describe("fingerprints", () => {
  it("a Semgrep finding that moved lines keeps its fingerprint (placeholder matchBasedId ignored)", async () => {
    const original = await readJson(`${REAL}/sarif/semgrep-basic-output-format.sarif`);
    const moved = replaceKey(original, "startLine", (line) => Number(line) + 40);
    const [before] = await findings({ bytes: JSON.stringify(original), tool: "semgrep" });
    const [after] = await findings({ bytes: JSON.stringify(moved), tool: "semgrep" });
    expect(after?.line).toBe(43);
    expect(after?.fingerprint).toBe(before?.fingerprint);
    // Other code at the same place is another finding.
    const changed = replaceKey(original, "snippet", () => ({ text: "    return a - b == a - b" }));
    const [other] = await findings({ bytes: JSON.stringify(changed), tool: "semgrep" });
    expect(other?.fingerprint).not.toBe(before?.fingerprint);
  });

  it("a real Semgrep matchBasedId decides over the snippet", async () => {
    const original = await readJson(`${REAL}/sarif/semgrep-basic-output-format.sarif`);
    const withId = (id: string, snippet: string) =>
      JSON.stringify(replaceKey(replaceKey(original, "matchBasedId/v1", () => id), "snippet", () => ({ text: snippet })));
    const [a] = await findings({ bytes: withId("3f2a9c0d1e4b5a6f_0", "x == x"), tool: "semgrep" });
    const [b] = await findings({ bytes: withId("3f2a9c0d1e4b5a6f_0", "y == y"), tool: "semgrep" });
    const [c] = await findings({ bytes: withId("77aa9c0d1e4b5a6f_0", "x == x"), tool: "semgrep" });
    expect(b?.fingerprint).toBe(a?.fingerprint);
    expect(c?.fingerprint).not.toBe(a?.fingerprint);
  });

  it("older and newer Trivy SARIF of the same image give the same fingerprints; other CVEs differ", async () => {
    const older = await findings({ path: `${REAL}/sarif/trivy-image-alpine-310.sarif`, tool: "trivy-image" });
    const newer = await findings({ path: `${REAL}/sarif/trivy-image-alpine-310-security-severity.sarif`, tool: "trivy-image" });
    const key = (f: NormalizedFinding) => `${f.ruleId} ${f.packageName}`;
    const olderByKey = new Map(older.map((f) => [key(f), f.fingerprint]));
    expect(newer).toHaveLength(4);
    for (const f of newer) expect(olderByKey.get(key(f))).toBe(f.fingerprint);
    // 8 different CVE/package pairs in the older file, 8 different fingerprints.
    expect(new Set(older.map((f) => f.fingerprint)).size).toBe(8);
  });

  it("Trivy JSON and SARIF of one image agree, whatever the image is called", async () => {
    const json = await findings({ path: `${REAL}/trivy-json/trivy-image-alpine-310.json`, tool: "trivy-image" });
    const sarif = await findings({ path: `${REAL}/sarif/trivy-image-alpine-310-security-severity.sarif`, tool: "trivy-image" });
    expect(json.map((f) => f.fingerprint).sort()).toEqual(sarif.map((f) => f.fingerprint).sort());
    // The next build's image has a new tag and the package a new version: still the same findings.
    const doc = await readJson(`${REAL}/trivy-json/trivy-image-alpine-310.json`);
    const retagged = replaceKey(
      replaceKey(doc, "Target", () => "registry.example.com/cwiq/server:main-4f2c1a9 (alpine 3.10.9)"),
      "InstalledVersion",
      () => "1.1.1d-r1",
    );
    const next = await findings({ bytes: JSON.stringify(retagged), tool: "trivy-image" });
    expect(next.map((f) => f.fingerprint)).toEqual(json.map((f) => f.fingerprint));
    // A different CVE on the same package is a different finding.
    const otherCve = replaceKey(doc, "VulnerabilityID", (id) => `${String(id)}-X`);
    const other = await findings({ bytes: JSON.stringify(otherCve), tool: "trivy-image" });
    for (const [i, f] of other.entries()) expect(f.fingerprint).not.toBe(json[i]?.fingerprint);
  });

  it("a secret that moved lines keeps its fingerprint; the same tool name is part of it", async () => {
    const file = `${REAL}/trivy-json/defectdojo-trivy-fs-vulns-misconfig-secrets.json`;
    const doc = await readJson(file);
    const before = await findings({ path: file, tool: "trivy-fs" });
    const after = await findings({ bytes: JSON.stringify(replaceKey(doc, "StartLine", (l) => Number(l) + 7)), tool: "trivy-fs" });
    expect(after.map((f) => f.fingerprint)).toEqual(before.map((f) => f.fingerprint));
    expect(after.filter((f) => f.category === "secret").map((f) => f.line)).toEqual([31, 8]);
  });

  it("identical findings within one report get distinct fingerprints", async () => {
    const original = await readJson(`${REAL}/sarif/semgrep-basic-output-format.sarif`);
    const doc = replaceKey(original, "results", (results) =>
      Array.isArray(results) ? [results[0], replaceKey(results[0], "startLine", () => 90)] : results,
    );
    const both = await findings({ bytes: JSON.stringify(doc), tool: "semgrep" });
    expect(both).toHaveLength(2);
    expect(both[0]?.fingerprint).not.toBe(both[1]?.fingerprint);
  });
});
