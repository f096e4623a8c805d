import { describe, expect, it } from "vitest";
import { deriveStages, retriedJobIds, runningSeconds, stageStatus, type JobForDerivation } from "./derive";
import { classifyRef } from "./refs";

let nextId = 1;
function job(stage: string, name: string, status: string, extra: Partial<JobForDerivation> = {}): JobForDerivation {
  return { id: nextId++, stage, name, status, allowFailure: false, startedAt: null, finishedAt: null, ...extra };
}
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));

describe("stageStatus", () => {
  const cases: [string, Pick<JobForDerivation, "status" | "allowFailure">[], string][] = [
    ["all passed", [{ status: "success", allowFailure: false }, { status: "success", allowFailure: false }], "success"],
    ["one failed", [{ status: "success", allowFailure: false }, { status: "failed", allowFailure: false }], "failed"],
    ["failed but allowed", [{ status: "success", allowFailure: false }, { status: "failed", allowFailure: true }], "failed_allowed"],
    ["one running", [{ status: "success", allowFailure: false }, { status: "running", allowFailure: false }], "running"],
    ["queued after others finished", [{ status: "success", allowFailure: false }, { status: "pending", allowFailure: false }], "running"],
    ["all queued", [{ status: "pending", allowFailure: false }, { status: "created", allowFailure: false }], "pending"],
    ["not started", [{ status: "created", allowFailure: false }], "created"],
    ["manual only", [{ status: "manual", allowFailure: true }], "manual"],
    ["skipped", [{ status: "skipped", allowFailure: false }, { status: "skipped", allowFailure: false }], "skipped"],
    ["canceled", [{ status: "canceled", allowFailure: false }, { status: "success", allowFailure: false }], "canceled"],
    ["failure outranks cancel", [{ status: "canceled", allowFailure: false }, { status: "failed", allowFailure: false }], "failed"],
    ["running outranks failure", [{ status: "failed", allowFailure: false }, { status: "running", allowFailure: false }], "running"],
  ];
  it.each(cases)("%s", (_label, jobs, expected) => {
    expect(stageStatus(jobs)).toBe(expected);
  });
});

describe("retriedJobIds", () => {
  it("marks every attempt but the newest of the same job", () => {
    const jobs = [
      { id: 10, stage: "test", name: "integration-test" },
      { id: 14, stage: "test", name: "integration-test" },
      { id: 12, stage: "test", name: "integration-test" },
      { id: 11, stage: "test", name: "test" },
    ];
    expect([...retriedJobIds(jobs)].sort()).toEqual([10, 12]);
  });
});

describe("deriveStages", () => {
  it("judges a stage by the latest attempt of each job", () => {
    const flaky = job("test", "integration-test", "failed", { startedAt: at(0), finishedAt: at(50) });
    const retry = job("test", "integration-test", "success", { startedAt: at(60), finishedAt: at(120) });
    const unit = job("test", "test", "success", { startedAt: at(5), finishedAt: at(40) });
    const [test] = deriveStages([flaky, unit, retry]);
    expect(test).toEqual({ stage: "test", position: 1, status: "success", startedAt: at(0), finishedAt: at(120) });
  });

  it("orders standard stages by the pipeline and keeps unknown ones after them", () => {
    const stages = deriveStages([
      job("verify", "verify-dev", "success"),
      job("performance", "k6", "success"),
      job("validate", "lint", "success"),
      job("build", "build-push", "success"),
    ]);
    expect(stages.map((s) => [s.stage, s.position])).toEqual([
      ["validate", 0],
      ["build", 2],
      ["verify", 8],
      ["performance", 9],
    ]);
  });

  it("keeps a child pipeline's own stage order, which GitLab's job ids follow", () => {
    // GitLab's default stages run build before test; the CWIQ templates the other way round.
    const jobs = [job("build", "e2e-bundle", "success"), job("test", "playwright 1/3", "success"), job("report", "merge", "created")];
    expect(deriveStages([...jobs].reverse(), { ownOrder: true }).map((s) => [s.stage, s.position])).toEqual([
      ["build", 0],
      ["test", 1],
      ["report", 2],
    ]);
    expect(deriveStages(jobs).map((s) => s.stage)).toEqual(["test", "build", "report"]);
  });

  it("leaves a running stage without an end time", () => {
    const [stage] = deriveStages([
      job("build", "build-push", "running", { startedAt: at(10) }),
    ]);
    expect(stage?.status).toBe("running");
    expect(stage?.finishedAt).toBeNull();
    expect(stage?.startedAt).toEqual(at(10));
  });
});

describe("runningSeconds", () => {
  it("counts overlapping jobs once and skips gaps", () => {
    const jobs = [
      { startedAt: at(0), finishedAt: at(30) },
      { startedAt: at(10), finishedAt: at(40) },
      { startedAt: at(100), finishedAt: at(130) },
      { startedAt: null, finishedAt: null },
    ];
    expect(runningSeconds(jobs, at(500))).toBe(70);
  });

  it("counts a running job up to now", () => {
    expect(runningSeconds([{ startedAt: at(0), finishedAt: null }], at(45))).toBe(45);
  });

  it("is null before any job started", () => {
    expect(runningSeconds([{ startedAt: null, finishedAt: null }], at(45))).toBeNull();
  });
});

describe("classifyRef", () => {
  it.each([
    ["main", undefined, "MAIN"],
    ["master", false, "MAIN"],
    ["feature/login", undefined, "BRANCH"],
    ["v1.4.2", undefined, "TAG"],
    ["v1.4.2", false, "BRANCH"],
    ["release-2026", true, "TAG"],
    ["version-bump", undefined, "BRANCH"],
  ] as const)("%s (tag=%s) is %s", (ref, tag, expected) => {
    expect(classifyRef(ref, tag)).toBe(expected);
  });
});
