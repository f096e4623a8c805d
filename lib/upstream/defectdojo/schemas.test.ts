import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findingCve, findingSeverity, findingState } from "./normalize";
import { engagementsPageSchema, findingsPageSchema, productsPageSchema, testsPageSchema } from "./schemas";

const fixture = (name: string): unknown => JSON.parse(readFileSync(path.join("test/fixtures/real/defectdojo-api", name), "utf8"));

describe("DefectDojo schemas read real API answers", () => {
  it("tests list: ids, engagement and the CI fields (null there)", () => {
    const page = testsPageSchema.parse(fixture("tests-list-response.json"));
    expect(page.count).toBe(3);
    expect(page.next).toBeNull();
    expect(page.results.map((t) => [t.id, t.engagement, t.build_id])).toEqual([[1, 1, null], [2, 2, null], [3, 1, null]]);
    expect(page.results[0]?.test_type_name).toBe("Nuclei Scan");
  });

  it("tests list: a test without a creation time (made before DefectDojo recorded one) still parses", () => {
    const text = readFileSync("test/fixtures/real/defectdojo-api/tests-list-response.json", "utf8");
    expect(text).toContain('"created": "2024-03-01T15:06:30.134001Z"');
    const page = testsPageSchema.parse(JSON.parse(text.replace('"created": "2024-03-01T15:06:30.134001Z"', '"created": null')));
    expect(page.results[0]?.created).toBeNull();
  });

  it("products list: ids and names", () => {
    const page = productsPageSchema.parse(fixture("products-list-response.json"));
    expect(page.results.map((p) => [p.id, p.name])).toEqual([[419, "10.0.0.1"], [312, "10.0.0.2"], [297, "10.0.0.3"]]);
  });

  it("engagements list: each engagement's product", () => {
    const page = engagementsPageSchema.parse(fixture("engagements-list-response.json"));
    expect(page.results.map((e) => [e.id, e.product])).toEqual([[806, 162], [807, 139], [808, 140]]);
    expect(page.results[0]?.name).toBe("nmap-vienna-client-1709886900");
  });

  it("findings list: severity, flags and the legacy cve field", () => {
    const page = findingsPageSchema.parse(fixture("findings-list-response.json"));
    const finding = page.results[0];
    if (!finding) throw new Error("fixture has no finding");
    expect(finding).toMatchObject({ id: 42, test: 222, title: "Open Port: 9929/TCP" });
    expect(findingSeverity(finding.severity)).toBe("INFO");
    expect(findingState(finding)).toBe("verified");
    expect(findingCve(finding)).toBeNull();
  });

  it("rejects a finding with an unknown severity, naming the field", () => {
    const text = readFileSync("test/fixtures/real/defectdojo-api/findings-list-response.json", "utf8");
    expect(text).toContain('"severity": "Info"');
    const result = findingsPageSchema.safeParse(JSON.parse(text.replace('"severity": "Info"', '"severity": "Urgent"')));
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["results", 0, "severity"]);
  });
});

describe("findingState precedence", () => {
  const base = { active: true, verified: false, false_p: false, duplicate: false, is_mitigated: false, risk_accepted: false };
  it.each([
    [{}, "active"],
    [{ verified: true }, "verified"],
    [{ active: false, is_mitigated: true, verified: true }, "mitigated"],
    [{ active: false, risk_accepted: true, is_mitigated: true }, "risk_accepted"],
    [{ active: false, duplicate: true, risk_accepted: true }, "duplicate"],
    [{ active: false, false_p: true, duplicate: true }, "false_positive"],
    [{ active: false }, "mitigated"],
  ] as const)("%j → %s", (flags, expected) => {
    expect(findingState({ ...base, ...flags })).toBe(expected);
  });

  it("takes the CVE from vulnerability_ids when the legacy field is gone", () => {
    expect(findingCve({ vulnerability_ids: [{ vulnerability_id: "CVE-2024-1234" }] })).toBe("CVE-2024-1234");
    expect(findingCve({ cve: "CVE-2023-1", vulnerability_ids: [{ vulnerability_id: "GHSA-x" }] })).toBe("CVE-2023-1");
  });
});
