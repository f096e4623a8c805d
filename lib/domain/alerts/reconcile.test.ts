import { describe, expect, it } from "vitest";
import { reconcile, type StoredAlert } from "./reconcile";
import type { Condition, RuleVerdict } from "./types";

const at = (minutes: number) => new Date(Date.UTC(2026, 5, 1, 0, minutes));
const FROM = new Map<string, Date | null>([["server", at(0)], ["ui", null]]);

const condition = (over: Partial<Condition> = {}): Condition => ({
  rule: "main_pipeline_failed",
  service: "server",
  subject: "main",
  title: "server: main failed",
  detail: { message: "failed" },
  eventAt: at(10),
  ...over,
});

const stored = (over: Partial<StoredAlert> = {}): StoredAlert => ({
  key: "main_pipeline_failed:server:main",
  rule: "main_pipeline_failed",
  service: "server",
  state: "firing",
  notified: true,
  clearingSince: null,
  mutedUntil: null,
  ...over,
});

const run = (alerts: StoredAlert[], verdicts: RuleVerdict[], now = at(20), clearAfterMs = 120_000) =>
  reconcile({ alerts: new Map(alerts.map((a) => [a.key, a])), verdicts, now, alertsFrom: FROM, clearAfterMs });

describe("reconcile", () => {
  it("fires a new key once, and only refreshes it while it stays", () => {
    const verdict: RuleVerdict = { rule: "main_pipeline_failed", services: ["server"], conditions: [condition()] };
    expect(run([], [verdict]).map((c) => [c.type, "silent" in c ? c.silent : undefined])).toEqual([["fire", null]]);
    expect(run([stored()], [verdict]).map((c) => c.type)).toEqual(["refresh"]);
  });

  it("stays quiet about history, a backfilling service and a muted key", () => {
    const history = run([], [{ rule: "main_pipeline_failed", services: ["server"], conditions: [condition({ eventAt: at(-5) })] }]);
    expect(history).toMatchObject([{ type: "fire", silent: "history" }]);
    const backfilling = run([], [{ rule: "main_pipeline_failed", services: ["ui"], conditions: [condition({ service: "ui" })] }]);
    expect(backfilling).toMatchObject([{ type: "fire", silent: "backfilling" }]);
    const muted = run([stored({ state: "resolved", mutedUntil: at(60) })], [{ rule: "main_pipeline_failed", services: ["server"], conditions: [condition()] }]);
    expect(muted).toMatchObject([{ type: "fire", silent: "muted" }]);
  });

  it("clears at the clearing moment given, silently when the firing was never sent; leaves undecided and unlooked-at keys alone", () => {
    const verdict: RuleVerdict = { rule: "main_pipeline_failed", services: ["server"], conditions: [], clearedAt: new Map([["main_pipeline_failed:server:main", at(15)]]) };
    expect(run([stored()], [verdict])).toEqual([{ type: "clear", key: "main_pipeline_failed:server:main", at: at(15), silent: null }]);
    expect(run([stored({ notified: false })], [verdict])).toMatchObject([{ type: "clear", silent: "unsent_firing" }]);
    expect(run([stored()], [{ ...verdict, undecided: new Set(["main_pipeline_failed:server:main"]) }])).toEqual([]);
    expect(run([stored()], [{ ...verdict, services: ["ui"] }])).toEqual([]);
  });

  it("damps a measured rule: clears only after its condition has been gone long enough", () => {
    const alert = stored({ key: "gitlab_unreachable::gitlab", rule: "gitlab_unreachable", service: null });
    const gone: RuleVerdict = { rule: "gitlab_unreachable", services: [null], conditions: [] };
    expect(run([alert], [gone], at(20))).toEqual([{ type: "clearing", key: alert.key, since: at(20) }]);
    expect(run([{ ...alert, clearingSince: at(20) }], [gone], at(21))).toEqual([]);
    expect(run([{ ...alert, clearingSince: at(20) }], [gone], at(23))).toMatchObject([{ type: "clear", silent: null }]);
    const back: RuleVerdict = { ...gone, conditions: [condition({ rule: "gitlab_unreachable", service: null, subject: "gitlab" })] };
    expect(run([{ ...alert, clearingSince: at(20) }], [back], at(21)).map((c) => c.type)).toEqual(["refresh"]);
  });

  it("clears the firing alerts of a rule switched off at once (not damped), sent unless never sent or muted, and fires nothing of it", () => {
    const off = new Set(["main_pipeline_failed", "gitlab_unreachable"] as const);
    const unreachable = stored({ key: "gitlab_unreachable::gitlab", rule: "gitlab_unreachable", service: null });
    const alerts = [stored(), unreachable, stored({ key: "main_pipeline_failed:ui:main", service: "ui", notified: false }), stored({ key: "main_pipeline_failed:iam:main", service: "iam", mutedUntil: at(60) })];
    const still: RuleVerdict = { rule: "main_pipeline_failed", services: ["server"], conditions: [condition(), condition({ subject: "other" })] };
    const changes = reconcile({ alerts: new Map(alerts.map((a) => [a.key, a])), verdicts: [still], now: at(20), alertsFrom: FROM, clearAfterMs: 120_000, disabled: off });
    expect(changes).toEqual([
      { type: "clear", key: "main_pipeline_failed:server:main", at: at(20), silent: null, reason: "rule_off" },
      { type: "clear", key: "gitlab_unreachable::gitlab", at: at(20), silent: null, reason: "rule_off" },
      { type: "clear", key: "main_pipeline_failed:ui:main", at: at(20), silent: "unsent_firing", reason: "rule_off" },
      { type: "clear", key: "main_pipeline_failed:iam:main", at: at(20), silent: "muted", reason: "rule_off" },
    ]);
    // Once cleared, the rule's alerts stay as they are: a resolved key is left alone.
    const after = reconcile({ alerts: new Map([[alerts[0]?.key ?? "", stored({ state: "resolved" })]]), verdicts: [still], now: at(21), alertsFrom: FROM, clearAfterMs: 0, disabled: off });
    expect(after).toEqual([]);
  });
});
