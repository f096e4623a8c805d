import { describe, expect, it } from "vitest";
import { breachDetail } from "./breach-detail";

describe("breachDetail", () => {
  it("says a retried build once, naming every job that used the earlier image", () => {
    const stored =
      "Image integrity: push-latest ran with an earlier build-push; build-push was retried afterwards; trivy-image-scan ran with an earlier build-push; build-push was retried afterwards; deploy-dev ran with an earlier build-push; build-push was retried afterwards";
    expect(breachDetail("earlier-build", stored)).toBe(
      "push-latest, trivy-image-scan and deploy-dev started before the retried build-push finished, so they used an earlier image.",
    );
    expect(breachDetail("earlier-build", "deploy-dev ran with an earlier build-push; build-push was retried afterwards")).toBe(
      "deploy-dev started before the retried build-push finished, so it used an earlier image.",
    );
  });

  it("drops the section's prefix and repeated clauses from other messages", () => {
    expect(breachDetail("ci-templates", ".gitlab-ci.yml: missing template .gitlab-ci-scan.yml")).toBe("missing template .gitlab-ci-scan.yml");
    expect(breachDetail("tag-mismatch", "Image integrity: a; a; b")).toBe("a; b");
  });
});
