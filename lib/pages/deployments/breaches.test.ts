import { describe, expect, it } from "vitest";
import { breachDetail, summarizeBreaches, toBreach } from "./breaches";

const at = (service: string, rule: string, pipelineId: number | null, message: string) =>
  toBreach({ service, pipelineId, ref: pipelineId === null ? null : "main", createdAt: null, webUrl: null, rule }, message);

describe("breaches", () => {
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

  it("labels each rule in a few words and counts per rule and service, most breached first", () => {
    const items = [
      at("server", "main-without-scan", 3, "A main pipeline must run the scan stage"),
      at("ui", "main-without-scan", 2, "A main pipeline must run the scan stage"),
      at("server", "branch-ran-push", 1, "A feature branch must not run the push stage (main only)"),
      at("worker", "something-new", 4, "a rule this page has no words for"),
    ];
    expect(items[0]?.label).toBe("main skipped the scan stage");
    expect(items[3]?.label).toBe("something-new");
    const summary = summarizeBreaches(items, ["server", "ui", "executor"]);
    expect(summary.total).toBe(4);
    expect(summary.services).toEqual(["server", "ui", "executor", "worker"]);
    expect(summary.rules.map((r) => [r.rule, r.total, r.byService])).toEqual([
      ["main-without-scan", 2, { server: 1, ui: 1 }],
      ["branch-ran-push", 1, { server: 1 }],
      ["something-new", 1, { worker: 1 }],
    ]);
    expect(summary.items).toBe(items);
  });
});
