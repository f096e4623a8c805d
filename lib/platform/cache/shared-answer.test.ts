import { describe, expect, it } from "vitest";
import { createSharedAnswers } from "./shared-answer";

/** A query that answers only when told to, counting how often it was asked. */
function controlledQuery() {
  const pending: ((value: number) => void)[] = [];
  const failures: ((error: Error) => void)[] = [];
  let calls = 0;
  return {
    compute: () =>
      new Promise<number>((resolve, reject) => {
        calls += 1;
        pending.push(resolve);
        failures.push(reject);
      }),
    answer(value: number) {
      failures.shift();
      pending.shift()?.(value);
    },
    fail(message: string) {
      pending.shift();
      failures.shift()?.(new Error(message));
    },
    get calls() {
      return calls;
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe("shared answers", () => {
  it("runs one query for concurrent requests and serves its answer until it expires", async () => {
    let t = 1_000;
    const answers = createSharedAnswers({ ttlMs: 2_000, maxEntries: 10, now: () => t });
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

  it("serves the expired answer while one newer query runs, then the newer one", async () => {
    let t = 0;
    const answers = createSharedAnswers({ ttlMs: 1_000, staleMs: 5_000, now: () => t });
    const query = controlledQuery();
    const first = answers.get("k", query.compute);
    query.answer(1);
    expect(await first).toBe(1);

    t = 1_500;
    // Expired: both get the old answer at once, and only one newer query starts.
    expect(await answers.get("k", query.compute)).toBe(1);
    expect(await answers.get("k", query.compute)).toBe(1);
    expect(query.calls).toBe(2);
    query.answer(2);
    await settle();
    expect(await answers.get("k", query.compute)).toBe(2);
    expect(query.calls).toBe(2);
  });

  it("waits for a new answer once the old one is too old to serve", async () => {
    let t = 0;
    const answers = createSharedAnswers({ ttlMs: 1_000, staleMs: 5_000, now: () => t });
    let calls = 0;
    expect(await answers.get("k", async () => ++calls)).toBe(1);
    t = 6_000;
    expect(await answers.get("k", async () => ++calls)).toBe(2);
  });

  it("keeps serving the old answer when the newer query fails, and tries again on the next request", async () => {
    let t = 0;
    const answers = createSharedAnswers({ ttlMs: 1_000, staleMs: 5_000, now: () => t });
    const query = controlledQuery();
    const first = answers.get("k", query.compute);
    query.answer(1);
    await first;
    t = 2_000;
    expect(await answers.get("k", query.compute)).toBe(1);
    query.fail("database down");
    await settle();
    expect(await answers.get("k", query.compute)).toBe(1);
    expect(query.calls).toBe(3);
    query.fail("database down");
    await settle();
    // Past the stale limit, the failure reaches the caller.
    t = 7_000;
    const late = answers.get("k", query.compute);
    query.fail("database down");
    await expect(late).rejects.toThrow("database down");
  });

  it("does not keep a failure", async () => {
    const answers = createSharedAnswers({ ttlMs: 60_000, maxEntries: 10, now: () => 0 });
    await expect(answers.get("k", () => Promise.reject(new Error("database down")))).rejects.toThrow("database down");
    expect(await answers.get("k", async () => "back")).toBe("back");
  });

  it("stays bounded", async () => {
    let t = 0;
    const answers = createSharedAnswers({ ttlMs: 10, maxEntries: 3, now: () => t });
    for (const k of ["a", "b", "c"]) await answers.get(k, async () => k);
    t = 100;
    let computed = 0;
    await answers.get("d", async () => ++computed);
    await answers.get("a", async () => ++computed);
    expect(computed).toBe(2);
  });
});
