import { describe, expect, it } from "vitest";
import { createSharedAnswers } from "./shared-answer";

describe("shared answers", () => {
  it("runs one query for concurrent requests and serves its answer until it expires", async () => {
    let t = 1_000;
    const answers = createSharedAnswers(2_000, 10, () => t);
    let calls = 0;
    const compute = async () => ++calls;
    const [a, b] = await Promise.all([answers.get("k", compute), answers.get("k", compute)]);
    expect([a, b, calls]).toEqual([1, 1, 1]);
    t += 1_999;
    expect(await answers.get("k", compute)).toBe(1);
    t += 1;
    expect(await answers.get("k", compute)).toBe(2);
    expect(await answers.get("other", compute)).toBe(3);
  });

  it("does not keep a failure", async () => {
    const answers = createSharedAnswers(60_000, 10, () => 0);
    await expect(answers.get("k", () => Promise.reject(new Error("database down")))).rejects.toThrow("database down");
    expect(await answers.get("k", async () => "back")).toBe("back");
  });

  it("stays bounded", async () => {
    let t = 0;
    const answers = createSharedAnswers(10, 3, () => t);
    for (const k of ["a", "b", "c"]) await answers.get(k, async () => k);
    t = 100;
    let computed = 0;
    await answers.get("d", async () => ++computed);
    await answers.get("a", async () => ++computed);
    expect(computed).toBe(2);
  });
});
