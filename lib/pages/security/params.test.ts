import { describe, expect, it } from "vitest";
import { parseSecurityQuery } from "./params";
import { toSecurityQuery } from "./url";

describe("parseSecurityQuery", () => {
  it("fills the defaults: 30 days, most severe first, page 1", () => {
    expect(parseSecurityQuery(new URLSearchParams())).toEqual({
      ok: true,
      params: { period: 30, sort: "severity", dir: "desc", page: 1, perPage: 50 },
    });
  });

  it("reads every filter, and a lower-case severity", () => {
    const parsed = parseSecurityQuery(
      new URLSearchParams("period=90&service=iam-api&scanner=trivy-image&severity=high&state=false_positive&sort=age&dir=asc&page=3&perPage=20"),
    );
    expect(parsed).toEqual({
      ok: true,
      params: { period: 90, service: "iam-api", scanner: "trivy-image", severity: "HIGH", state: "false_positive", sort: "age", dir: "asc", page: 3, perPage: 20 },
    });
  });

  it("takes a server component's searchParams record (first value of a repeated key)", () => {
    const parsed = parseSecurityQuery({ severity: ["CRITICAL", "LOW"], service: "ui" });
    expect(parsed.ok && parsed.params.severity).toBe("CRITICAL");
    expect(parsed.ok && parsed.params.service).toBe("ui");
  });

  it.each([
    ["period=14", "period: period must be one of 7, 30, 90"],
    [
      "scanner=zap",
      "scanner: scanner must be one of semgrep, trivy-fs, trivy-image, gitleaks, gitlab-sast, gitlab-secrets, gitlab-dependencies, gitlab-container, sarif, sonarqube",
    ],
    ["severity=urgent", "severity: severity must be one of CRITICAL, HIGH, MEDIUM, LOW, INFO"],
    ["state=closed", "state: state must be one of open, verified, false_positive, risk_accepted, duplicate, mitigated"],
    ["sort=cvss", "sort: sort must be one of severity, age, service, scanner, title, lastSeen"],
    ["dir=up", "dir: dir must be one of asc, desc"],
    ["page=0", "page: page must be 1 or more"],
    ["perPage=1000", "perPage: perPage must be at most 200"],
    ["service=../etc", "service: service is not a service name"],
  ])("refuses %s with a message", (query, message) => {
    expect(parseSecurityQuery(new URLSearchParams(query))).toEqual({ ok: false, message });
  });
});

describe("toSecurityQuery", () => {
  it("leaves defaults out and round-trips the rest", () => {
    const parsed = parseSecurityQuery(new URLSearchParams("service=ui&severity=HIGH&sort=title&dir=asc&page=2"));
    if (!parsed.ok) throw new Error(parsed.message);
    const query = toSecurityQuery(parsed.params);
    expect(query).toBe("service=ui&severity=HIGH&sort=title&dir=asc&page=2");
    expect(parseSecurityQuery(new URLSearchParams(query))).toEqual(parsed);
    expect(toSecurityQuery(parsed.params, { paging: false })).toBe("service=ui&severity=HIGH&sort=title&dir=asc");
  });
});
