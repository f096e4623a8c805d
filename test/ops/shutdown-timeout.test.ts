import { describe, expect, it } from "vitest";
import { ConfigError } from "@/lib/platform/config";
import { DEFAULT_SHUTDOWN_TIMEOUT_SECONDS, shutdownTimeoutSeconds } from "@/lib/runtime/shutdown";

describe("SHUTDOWN_TIMEOUT_SECONDS", () => {
  it("defaults to 10 s when unset or empty, and takes whole seconds from 1 to 3600", () => {
    expect(DEFAULT_SHUTDOWN_TIMEOUT_SECONDS).toBe(10);
    expect(shutdownTimeoutSeconds({})).toBe(10);
    expect(shutdownTimeoutSeconds({ SHUTDOWN_TIMEOUT_SECONDS: " " })).toBe(10);
    expect(shutdownTimeoutSeconds({ SHUTDOWN_TIMEOUT_SECONDS: "1" })).toBe(1);
    expect(shutdownTimeoutSeconds({ SHUTDOWN_TIMEOUT_SECONDS: " 3600 " })).toBe(3600);
  });

  it("stops start-up with the variable named for anything else", () => {
    for (const bad of ["0", "3601", "2.5", "ten", "-1"]) {
      expect(() => shutdownTimeoutSeconds({ SHUTDOWN_TIMEOUT_SECONDS: bad }), bad).toThrow(ConfigError);
      expect(() => shutdownTimeoutSeconds({ SHUTDOWN_TIMEOUT_SECONDS: bad }), bad).toThrow(/^SHUTDOWN_TIMEOUT_SECONDS: /);
    }
  });
});
