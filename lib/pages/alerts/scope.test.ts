import { describe, expect, it } from "vitest";
import { alertKey } from "@/lib/domain/alerts";
import { alertVisible, keyTarget, keyVisible } from "./scope";

const bob = { services: ["server", "ui"], security: ["server"] } as const;

describe("which alerts a viewer sees", () => {
  it("Stageboard's own to everyone, a service's to its viewers, security ones to those who see its findings", () => {
    expect(alertVisible(bob, null, "sync_behind")).toBe(true);
    expect(alertVisible(bob, "server", "main_pipeline_failed")).toBe(true);
    expect(alertVisible(bob, "iam-api", "main_pipeline_failed")).toBe(false);
    expect(alertVisible(bob, "server", "new_critical_finding")).toBe(true);
    expect(alertVisible(bob, "ui", "new_critical_finding")).toBe(false);
    expect(alertVisible({ services: "all", security: "all" }, "iam-api", "new_critical_finding")).toBe(true);
  });

  it("reads the rule and service back from an alert key, subjects with colons included", () => {
    const key = alertKey("job_flaky", "ui", "test:login: redirects");
    expect(keyTarget(key)).toEqual({ rule: "job_flaky", service: "ui" });
    expect(keyTarget(alertKey("gitlab_unreachable", null, "gitlab"))).toEqual({ rule: "gitlab_unreachable", service: null });
    expect(keyTarget("made-up:server:x")).toBeNull();
    expect(keyVisible(bob, alertKey("main_pipeline_failed", "iam-api", "main"))).toBe(false);
  });
});
