import { describe, expect, it } from "vitest";
import { accessFor, isPublicPath, safeCallbackPath } from "./access";
import { groupsOf, isGroupMember } from "./groups";

describe("accessFor", () => {
  it("lets everything through when sign-in is off", () => {
    expect(accessFor("/", false, false)).toBe("allow");
    expect(accessFor("/api/overview", false, false)).toBe("allow");
  });

  it("sends browsers to sign in and answers API clients 401 when signed out", () => {
    expect(accessFor("/", true, false)).toBe("sign-in");
    expect(accessFor("/pipelines/42", true, false)).toBe("sign-in");
    expect(accessFor("/api/overview", true, false)).toBe("unauthorized");
    expect(accessFor("/api/services/server", true, false)).toBe("unauthorized");
  });

  it("keeps the health check, Auth.js, webhooks, the sign-in page and static files open", () => {
    for (const path of ["/api/health", "/api/auth/callback/gitlab", "/api/webhooks/gitlab", "/signin", "/_next/static/chunks/a.js"]) {
      expect(accessFor(path, true, false)).toBe("allow");
    }
  });

  it("does not mistake look-alike paths for public ones", () => {
    for (const path of ["/api/healthz", "/api/authx", "/signin/extra", "/api/health/../overview", "/_next/data/x.json"]) {
      expect(isPublicPath(path)).toBe(false);
    }
  });
});

describe("safeCallbackPath", () => {
  it.each([
    ["/services/server?period=7", "/services/server?period=7"],
    ["https://evil.example/", "/"],
    ["//evil.example/x", "/"],
    ["/\\evil.example", "/"],
    [null, "/"],
  ])("%s → %s", (raw, expected) => {
    expect(safeCallbackPath(raw)).toBe(expected);
  });
});

describe("group restriction", () => {
  it("reads groups_direct from an id_token, groups from userinfo, null from neither", () => {
    expect(groupsOf({ sub: "1", groups_direct: ["cwiq"] })).toEqual(["cwiq"]);
    expect(groupsOf({ sub: "1", groups: ["cwiq/ui"] })).toEqual(["cwiq/ui"]);
    expect(groupsOf({ sub: "1" })).toBeNull();
    expect(groupsOf({ groups_direct: "cwiq" })).toBeNull();
  });

  it("counts members of a group as members of its subgroups, not the reverse", () => {
    expect(isGroupMember(["cwiq"], "cwiq")).toBe(true);
    expect(isGroupMember(["cwiq"], "cwiq/platform")).toBe(true);
    expect(isGroupMember(["cwiq/platform"], "cwiq")).toBe(false);
    expect(isGroupMember(["cwiq-other"], "cwiq")).toBe(false);
    expect(isGroupMember(["CWIQ"], "cwiq")).toBe(true);
    expect(isGroupMember([], "cwiq")).toBe(false);
  });
});
