import { describe, expect, it } from "vitest";
import { countBySeverity, severityFromCvss, severityFromSarifLevel, severityFromSecuritySeverity, severityFromTags, type SarifLevel } from "./severity";

describe("severity conventions", () => {
  it.each([
    [10, "CRITICAL"],
    [9, "CRITICAL"],
    [8.9, "HIGH"],
    [7, "HIGH"],
    [6.9, "MEDIUM"],
    [4, "MEDIUM"],
    [3.9, "LOW"],
    [0.1, "LOW"],
    [0, "INFO"],
  ])("CVSS %s → %s", (score, band) => {
    expect(severityFromCvss(score)).toBe(band);
  });

  it("security-severity strings as SARIF carries them; junk is ignored", () => {
    expect(severityFromSecuritySeverity("5.3")).toBe("MEDIUM");
    expect(severityFromSecuritySeverity("9.5")).toBe("CRITICAL");
    expect(severityFromSecuritySeverity(8)).toBe("HIGH");
    expect(severityFromSecuritySeverity("")).toBeNull();
    expect(severityFromSecuritySeverity("high")).toBeNull();
    expect(severityFromSecuritySeverity("11")).toBeNull();
    expect(severityFromSecuritySeverity(undefined)).toBeNull();
  });

  it("SARIF levels", () => {
    const levels: SarifLevel[] = ["error", "warning", "note", "none"];
    expect(levels.map(severityFromSarifLevel)).toEqual(["HIGH", "MEDIUM", "LOW", "INFO"]);
  });

  it("Trivy tags: the severity word among other tags", () => {
    expect(severityFromTags(["vulnerability", "security", "CRITICAL"])).toBe("CRITICAL");
    expect(severityFromTags(["vulnerability", "UNKNOWN"])).toBe("INFO");
    expect(severityFromTags(["security"])).toBeNull();
    expect(severityFromTags(undefined)).toBeNull();
  });

  it("counts every band, zeros included", () => {
    expect(countBySeverity([{ severity: "LOW" }, { severity: "LOW" }, { severity: "CRITICAL" }])).toEqual({
      CRITICAL: 1,
      HIGH: 0,
      MEDIUM: 0,
      LOW: 2,
      INFO: 0,
    });
  });
});
