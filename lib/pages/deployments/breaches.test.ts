import { describe, expect, it } from "vitest";
import { summarizeBreaches, toBreach } from "./breaches";

const at = (service: string, rule: string, pipelineId: number | null, message: string) =>
  toBreach({ service, pipelineId, ref: pipelineId === null ? null : "main", createdAt: null, webUrl: null, rule }, message);

describe("breaches", () => {
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
