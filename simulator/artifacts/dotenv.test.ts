import { describe, expect, it } from "vitest";
import { buildEnv, imageTag, refSlug, renderDotenv } from "./dotenv";

const SHA = "4f1c2b9e0a7d3c5b6e8f9a0b1c2d3e4f5a6b7c8d";

describe("build.env", () => {
  it("slugs refs as GitLab's CI_COMMIT_REF_SLUG", () => {
    expect(refSlug("feature/Login_Rate-limit")).toBe("feature-login-rate-limit");
    expect(refSlug("refs/merge-requests/42/head")).toBe("refs-merge-requests-42-head");
    expect(refSlug(`/${"a".repeat(70)}`)).toBe("a".repeat(62));
  });

  it("tags images main-{sha} on main, {slug}-{short sha} on branches and the tag on tags", () => {
    expect(imageTag({ ref: "main", refKind: "main", sha: SHA })).toBe(`main-${SHA}`);
    expect(imageTag({ ref: "fix/cors-preflight", refKind: "branch", sha: SHA })).toBe("fix-cors-preflight-4f1c2b9e");
    expect(imageTag({ ref: "v2.3.1", refKind: "tag", sha: SHA })).toBe("v2.3.1");
  });

  it("writes KEY=value lines that read back to the same variables", () => {
    const env = buildEnv("cwiq/server", { ref: "main", refKind: "main", sha: SHA }, Date.UTC(2026, 10, 20, 12, 30));
    const text = renderDotenv(env);
    const parsed = Object.fromEntries(text.trimEnd().split("\n").map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]));
    expect(parsed).toEqual(env);
    expect(parsed.IMAGE_TAG).toBe(`main-${SHA}`);
    expect(parsed.IMAGE_NAME).toBe("registry.cwiq.example/cwiq/server");
    expect(parsed.IMAGE_DIGEST).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(parsed.BUILD_DATE).toBe("2026-11-20T12:30:00Z");
  });
});
