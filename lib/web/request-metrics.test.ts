import { describe, expect, it } from "vitest";
import { routeLabel } from "./request-metrics";

describe("routeLabel", () => {
  it.each([
    ["/", 200, "/"],
    ["/services/iam-api?range=30d", 200, "/services/[param]"],
    ["/api/pipelines/123", 200, "/api/pipelines/[param]"],
    ["/api/security/findings.csv?severity=critical", 200, "/api/security/findings.csv"],
    ["/_next/static/chunks/app.js", 200, "/_next"],
    ["/api/auth/callback/gitlab?code=secret", 302, "/api/auth"],
    ["/wp-admin/install.php", 404, "unmatched"],
    ["/a/b/c/d/e", 200, "/a/b/c"],
  ])("%s (%i) → %s", (url, status, label) => {
    expect(routeLabel(url, status)).toBe(label);
  });
});
