import { describe, expect, it } from "vitest";
import { groupStageRows } from "./stage-rows";

const startedAt = new Date("2026-11-27T10:00:00Z");
const row = (id: number, stage: string | null, extra: { position?: number | null; status?: string | null; ref?: string } = {}) => ({
  id: BigInt(id),
  ref: extra.ref ?? "main",
  stage,
  stagePosition: extra.position === undefined ? 1 : extra.position,
  stageStatus: extra.status === undefined ? "success" : extra.status,
  stageStartedAt: stage === null ? null : startedAt,
});

describe("groupStageRows", () => {
  it("keeps one entry per pipeline, in order of first appearance, with its first row", () => {
    const groups = groupStageRows([row(7, "build", { ref: "first" }), row(3, "test"), row(7, "test", { ref: "second" })]);
    expect(groups.map((g) => [g.row.id, g.row.ref])).toEqual([
      [7n, "first"],
      [3n, "main"],
    ]);
    expect(groups[0]?.stages.map((s) => s.stage)).toEqual(["build", "test"]);
  });

  it("gives a pipeline without stage results no stages", () => {
    const groups = groupStageRows([row(5, null, { position: null, status: null })]);
    expect(groups).toHaveLength(1);
    expect(groups[0]?.stages).toEqual([]);
  });

  it("fills a missing position with one past the nine standard stages and a missing status with pending", () => {
    const [group] = groupStageRows([row(1, "lint", { position: null, status: null })]);
    expect(group?.stages).toEqual([{ stage: "lint", position: 9, status: "pending", startedAt }]);
  });
});
