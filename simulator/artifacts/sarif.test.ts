import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createFindingsWorld } from "../findings/world";
import type { SimFinding } from "../findings/types";
import { renderSemgrepSarif, renderTrivySarif, type ReportedFinding } from "./sarif";

const REAL = "test/fixtures/real/sarif";
const DAY = 86_400_000;
const ANCHOR = Date.UTC(2026, 10, 20, 12);
const world = createFindingsWorld(3, [
  { id: 101, name: "server", createdAt: ANCHOR - 400 * DAY },
  { id: 103, name: "ui", createdAt: ANCHOR - 400 * DAY },
]);

const Json = z.record(z.string(), z.unknown());
const Sarif = z.object({
  version: z.literal("2.1.0"),
  $schema: z.url(),
  runs: z
    .array(
      z.object({
        tool: z.object({
          driver: z.object({
            name: z.string(),
            rules: z.array(z.object({ id: z.string(), defaultConfiguration: z.object({ level: z.enum(["error", "warning", "note"]) }), properties: Json }).passthrough()),
          }).passthrough(),
        }),
        results: z.array(
          z.object({
            ruleId: z.string(),
            level: z.enum(["error", "warning", "note"]).optional(),
            message: z.object({ text: z.string() }),
            fingerprints: z.record(z.string(), z.string()).optional(),
            locations: z.array(
              z.object({
                physicalLocation: z.object({
                  artifactLocation: z.object({ uri: z.string(), uriBaseId: z.string() }),
                  region: z.object({ startLine: z.number().int().positive() }).passthrough(),
                }),
              }).passthrough(),
            ),
          }).passthrough(),
        ),
      }).passthrough(),
    )
    .length(1),
});

const parse = (text: string) => Sarif.parse(JSON.parse(text));
const readReal = (name: string) => Json.parse(JSON.parse(readFileSync(`${REAL}/${name}`, "utf8")));
const keysOf = (value: unknown): string[] => Object.keys(Json.parse(value)).sort();
const at = (findings: readonly SimFinding[], lineShift = 0): ReportedFinding[] =>
  findings.map((finding) => ({ finding, line: (finding.line ?? 1) + lineShift }));

describe("Semgrep SARIF", () => {
  const findings = world.presentAt(101, "semgrep", ANCHOR);

  it("has the real Semgrep layout: keys, driver, rule levels, one result per finding", () => {
    expect(findings.length).toBeGreaterThan(0);
    const text = renderSemgrepSarif(at(findings));
    const sarif = parse(text);
    const real = readReal("semgrep-basic-output-format.sarif");
    expect(keysOf(JSON.parse(text))).toEqual(keysOf(real));
    const run = sarif.runs[0]!;
    expect(run.tool.driver.name).toBe("Semgrep OSS");
    expect(run.results.map((r) => r.ruleId)).toEqual(findings.map((f) => f.ruleId));
    expect(run.results.map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri)).toEqual(findings.map((f) => f.file));
    const ruleIds = new Set(run.tool.driver.rules.map((r) => r.id));
    expect(run.results.every((r) => ruleIds.has(r.ruleId) && r.level === undefined)).toBe(true);
    const realRun = z.object({ runs: z.array(z.object({ results: z.array(Json), tool: z.object({ driver: z.object({ rules: z.array(Json) }) }) })) }).parse(real).runs[0]!;
    expect(keysOf(run.results[0])).toEqual(keysOf(realRun.results[0]));
    for (const key of keysOf(realRun.tool.driver.rules[1])) expect(keysOf(run.tool.driver.rules[0])).toContain(key);
  });

  it("keeps a finding's fingerprint when its line moves", () => {
    const before = parse(renderSemgrepSarif(at(findings))).runs[0]!.results;
    const after = parse(renderSemgrepSarif(at(findings, 3))).runs[0]!.results;
    expect(after.map((r) => r.locations[0]?.physicalLocation.region.startLine)).toEqual(
      before.map((r) => (r.locations[0]?.physicalLocation.region.startLine ?? 0) + 3),
    );
    expect(after.map((r) => r.fingerprints)).toEqual(before.map((r) => r.fingerprints));
    expect(new Set(before.map((r) => JSON.stringify(r.fingerprints))).size).toBe(before.length);
  });

  it("writes an empty result list for a clean run", () => {
    const sarif = parse(renderSemgrepSarif([]));
    expect(sarif.runs[0]!.results).toEqual([]);
    expect(sarif.runs[0]!.tool.driver.rules).toEqual([]);
  });
});

describe("Trivy filesystem SARIF", () => {
  const all = world.introducedUntil(103, "trivy-fs", ANCHOR);
  const sample = [
    all.find((f) => f.kind === "vulnerability"),
    all.find((f) => f.kind === "misconfiguration"),
    all.find((f) => f.kind === "secret"),
  ].filter((f): f is SimFinding => f !== undefined);

  it("has the real Trivy layout with security-severity and levels by severity", () => {
    expect(sample.map((f) => f.kind)).toEqual(["vulnerability", "misconfiguration", "secret"]);
    const text = renderTrivySarif(at(sample));
    const sarif = parse(text);
    const real = readReal("trivy-image-alpine-310-security-severity.sarif");
    const realRun = z.object({ runs: z.array(Json) }).parse(real).runs[0];
    const run = sarif.runs[0]!;
    expect(Object.keys(JSON.parse(text))).toEqual(Object.keys(real));
    expect(keysOf(run)).toEqual(keysOf(realRun));
    expect(run.tool.driver.name).toBe("Trivy");
    const expectedLevel = { CRITICAL: "error", HIGH: "error", MEDIUM: "warning", LOW: "note", INFO: "note" } as const;
    expect(run.results.map((r) => r.level)).toEqual(sample.map((f) => expectedLevel[f.severity]));
    for (const rule of run.tool.driver.rules) {
      const score = z.string().regex(/^\d+\.\d$/).parse(rule.properties["security-severity"]);
      expect(Number(score)).toBeGreaterThan(0);
    }
    expect(run.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toBe("package-lock.json");
    expect(run.results[0]?.message.text).toContain(`Package: ${sample[0]?.packageName}`);
    expect(run.results[1]?.locations[0]?.physicalLocation.artifactLocation.uri).toBe("Dockerfile");
  });
});
