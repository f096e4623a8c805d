import { describe, expect, it } from "vitest";
import { TEST_STATUS } from "../tests";
import { flipRate, testFlakedOnCommit, testFlakeStats, type TestRun } from "./test-flakes";

const { success: S, failed: F, error: E, skipped: K } = TEST_STATUS;
const run = (pipelineId: number, sha: string, status: number, failedEarlier = false): TestRun => ({ pipelineId, sha, status, failedEarlier });

describe("the test flake rule", () => {
  it("counts a commit that failed and passed the test as a flake, either way round", () => {
    expect(testFlakedOnCommit([run(1, "a", F), run(2, "a", S)])).toBe(true);
    expect(testFlakedOnCommit([run(1, "a", S), run(2, "a", E)])).toBe(true);
  });

  it("counts a failure a retried job then passed, in one pipeline", () => {
    expect(testFlakedOnCommit([run(1, "a", S, true)])).toBe(true);
  });

  it("does not count a test that only failed, only passed, or was skipped", () => {
    expect(testFlakedOnCommit([run(1, "a", F), run(2, "a", F)])).toBe(false);
    expect(testFlakedOnCommit([run(1, "a", S), run(2, "a", S)])).toBe(false);
    expect(testFlakedOnCommit([run(1, "a", F), run(2, "a", K)])).toBe(false);
  });

  it("rates flaky commits over commits where the test ran, never across commits", () => {
    // a: failed then passed (flake); b: broken by the change, fixed by c (not flakes); d: skipped only.
    const stats = testFlakeStats([run(1, "a", F), run(2, "a", S), run(3, "b", F), run(4, "c", S), run(5, "d", K)]);
    expect(stats).toEqual({ commits: 3, flakyCommits: 1, rate: 1 / 3 });
    expect(testFlakeStats([])).toEqual({ commits: 0, flakyCommits: 0, rate: 0 });
  });

  it("flips twice for a test broken for a while, often for a flaky one", () => {
    expect(flipRate([S, S, F, F, F, S, S])).toBeCloseTo(2 / 6);
    expect(flipRate([S, F, S, F, S])).toBe(1);
    expect(flipRate([S, K, S, F])).toBeCloseTo(1 / 2);
    expect(flipRate([F])).toBe(0);
  });
});
