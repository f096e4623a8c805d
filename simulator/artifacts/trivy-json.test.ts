import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { IMAGE_BASE } from "../findings/catalog";
import { createFindingsWorld } from "../findings/world";
import { renderTrivyImageJson } from "./trivy-json";

const DAY = 86_400_000;
const ANCHOR = Date.UTC(2026, 10, 20, 12);
const world = createFindingsWorld(5, [{ id: 101, name: "server", createdAt: ANCHOR - 400 * DAY }]);

const Json = z.record(z.string(), z.unknown());
const Report = z.object({
  SchemaVersion: z.literal(2),
  ArtifactName: z.string(),
  ArtifactType: z.literal("container_image"),
  Metadata: z.object({ OS: z.object({ Family: z.string(), Name: z.string() }) }).passthrough(),
  Results: z.array(
    z.object({
      Target: z.string(),
      Class: z.literal("os-pkgs"),
      Type: z.string(),
      Vulnerabilities: z.array(Json).optional(),
    }),
  ),
});

const real = Json.parse(JSON.parse(readFileSync("test/fixtures/real/trivy-json/trivy-image-alpine-310.json", "utf8")));
const realVulnerability = z.object({ Results: z.array(z.object({ Vulnerabilities: z.array(Json) })) }).parse(real).Results[0]!.Vulnerabilities[0]!;

describe("Trivy image JSON", () => {
  const imageRef = "registry.cwiq.example/cwiq/server:main-4f1c2b9e0a7d3c5b6e8f9a0b1c2d3e4f5a6b7c8d";
  const findings = world.presentAt(101, "trivy-image", ANCHOR);

  it("has SchemaVersion 2 with the real report's keys and one vulnerability per finding", () => {
    expect(findings.length).toBeGreaterThan(0);
    const text = renderTrivyImageJson({ imageRef, base: IMAGE_BASE.python, createdAt: ANCHOR, findings });
    const raw = Json.parse(JSON.parse(text));
    const report = Report.parse(raw);
    for (const key of Object.keys(real)) expect(Object.keys(raw)).toContain(key);
    expect(report.ArtifactName).toBe(imageRef);
    expect(report.Metadata.OS).toEqual({ Family: "debian", Name: IMAGE_BASE.python.name });
    const vulns = report.Results[0]?.Vulnerabilities ?? [];
    expect(vulns.map((v) => [v.VulnerabilityID, v.PkgName, v.InstalledVersion, v.Severity])).toEqual(
      findings.map((f) => [f.ruleId, f.packageName, f.installedVersion, f.severity]),
    );
    // Every field the real report has, except those Trivy leaves out when empty.
    const optional = new Set(["FixedVersion"]);
    for (const v of vulns) {
      for (const key of Object.keys(realVulnerability)) if (!optional.has(key)) expect(Object.keys(v)).toContain(key);
    }
  });

  it("leaves FixedVersion out and says affected when no fix is published", () => {
    const unfixed = world.introducedUntil(101, "trivy-image", ANCHOR + 200 * DAY).find((f) => f.fixedVersion === null);
    const fixed = world.introducedUntil(101, "trivy-image", ANCHOR + 200 * DAY).find((f) => f.fixedVersion !== null);
    expect(unfixed && fixed).toBeTruthy();
    const text = renderTrivyImageJson({ imageRef, base: IMAGE_BASE.python, createdAt: ANCHOR, findings: [unfixed!, fixed!] });
    const vulns = Report.parse(JSON.parse(text)).Results[0]?.Vulnerabilities ?? [];
    expect(vulns[0]).not.toHaveProperty("FixedVersion");
    expect(vulns[0]?.Status).toBe("affected");
    expect(vulns[1]?.FixedVersion).toBe(fixed!.fixedVersion);
    expect(vulns[1]?.Status).toBe("fixed");
  });

  it("omits Vulnerabilities for a clean image, as Trivy does", () => {
    const report = Report.parse(JSON.parse(renderTrivyImageJson({ imageRef, base: IMAGE_BASE.node, createdAt: ANCHOR, findings: [] })));
    expect(report.Results).toHaveLength(1);
    expect(report.Results[0]?.Vulnerabilities).toBeUndefined();
    expect(report.Results[0]?.Target).toBe(`${imageRef} (alpine ${IMAGE_BASE.node.name})`);
  });
});
