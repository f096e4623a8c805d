import { describe, expect, it } from "vitest";
import type { AlertRule } from "@/lib/domain/alerts";
import { evaluationQueue } from "./runner";

/** A run that stays open until released, recording what it was asked and whether two ever overlapped. */
function recorder() {
  const runs: Array<string[] | "all"> = [];
  const open: Array<() => void> = [];
  let active = 0;
  let overlapped = false;
  const run = (rules: ReadonlySet<AlertRule> | null) =>
    new Promise<void>((resolve) => {
      active += 1;
      if (active > 1) overlapped = true;
      runs.push(rules === null ? "all" : [...rules].sort());
      open.push(() => {
        active -= 1;
        resolve();
      });
    });
  /** Lets the oldest open run finish, then lets the queue start the next. */
  const release = async () => {
    open.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { runs, run, release, overlapped: () => overlapped };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("evaluation queue", () => {
  it("runs one evaluation at a time, in order; calls while one waits join it with their rules", async () => {
    const r = recorder();
    const queue = evaluationQueue(r.run);
    const first = queue.evaluate(new Set<AlertRule>(["main_pipeline_failed"]));
    await tick();
    // The first is running: these three wait for one more run, which takes all their rules.
    const second = queue.evaluate(new Set<AlertRule>(["dev_unhealthy"]));
    const third = queue.evaluate(new Set<AlertRule>(["main_pipeline_failed", "job_flaky"]));
    expect(third).toBe(second);
    let secondDone = false;
    void second.then(() => (secondDone = true));
    expect(r.runs).toEqual([["main_pipeline_failed"]]);

    await r.release();
    await first;
    expect(r.runs).toEqual([["main_pipeline_failed"], ["dev_unhealthy", "job_flaky", "main_pipeline_failed"]]);
    expect(secondDone).toBe(false);

    // Asked while the second runs: a third run, after it; every rule wins over a subset.
    const all = queue.evaluate(null);
    const joined = queue.evaluate(new Set<AlertRule>(["dev_image_behind"]));
    expect(joined).toBe(all);
    await r.release();
    await second;
    expect(r.runs.at(-1)).toBe("all");
    await r.release();
    await all;
    await queue.idle();
    expect(r.runs).toHaveLength(3);
    expect(r.overlapped()).toBe(false);
  });

  it("a call after everything finished starts a new run at once", async () => {
    const r = recorder();
    const queue = evaluationQueue(r.run);
    const one = queue.evaluate(null);
    await tick();
    await r.release();
    await one;
    const two = queue.evaluate(new Set<AlertRule>(["stage_failing_streak"]));
    expect(two).not.toBe(one);
    await tick();
    expect(r.runs).toEqual(["all", ["stage_failing_streak"]]);
    await r.release();
    await two;
  });
});
