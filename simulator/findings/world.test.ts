import { describe, expect, it } from "vitest";
import { OS_VULNS, PACKAGE_VULNS, SEMGREP_RULES } from "./catalog";
import type { SimScanner } from "./types";
import { createFindingsWorld } from "./world";

const DAY = 86_400_000;
const ANCHOR = Date.UTC(2026, 10, 20, 12);
const PROJECTS = [
  { id: 101, name: "server", createdAt: ANCHOR - 400 * DAY },
  { id: 103, name: "ui", createdAt: ANCHOR - 418 * DAY },
];
const SCANNERS: readonly SimScanner[] = ["semgrep", "trivy-fs", "trivy-image"];

/** Samples every six hours over the 30 days before the anchor. */
const HISTORY = Array.from({ length: 120 }, (_, i) => ANCHOR - 30 * DAY + i * 6 * 3_600_000);

describe("createFindingsWorld", () => {
  it("is deterministic from the seed, whatever order times are asked in", () => {
    const a = createFindingsWorld(7, PROJECTS);
    const b = createFindingsWorld(7, PROJECTS);
    const other = createFindingsWorld(8, PROJECTS);
    // b first reaches far ahead (live time), then looks back.
    b.presentAt(101, "semgrep", ANCHOR + 90 * DAY);
    for (const scanner of SCANNERS) {
      expect(b.presentAt(101, scanner, ANCHOR)).toEqual(a.presentAt(101, scanner, ANCHOR));
    }
    const keys = (w: typeof a) => SCANNERS.flatMap((s) => w.introducedUntil(101, s, ANCHOR).map((f) => `${f.key}@${f.introducedAt}`));
    expect(keys(other)).not.toEqual(keys(a));
  });

  it("changes over time: findings appear, most are fixed, some stay open for more than two weeks", () => {
    const world = createFindingsWorld(42, PROJECTS);
    for (const project of PROJECTS) {
      for (const scanner of SCANNERS) {
        const seen = new Map<string, { first: number; last: number }>();
        for (const t of HISTORY) {
          for (const f of world.presentAt(project.id, scanner, t)) {
            // A fixed weakness can come back under the same key: follow each occurrence on its own.
            const occurrence = `${f.key}@${f.introducedAt}`;
            const span = seen.get(occurrence) ?? { first: t, last: t };
            span.last = t;
            seen.set(occurrence, span);
          }
        }
        const start = HISTORY[0] ?? 0;
        const end = HISTORY[HISTORY.length - 1] ?? 0;
        const appeared = [...seen.values()].filter((s) => s.first > start);
        const gone = [...seen.values()].filter((s) => s.last < end);
        const longLived = [...seen.values()].filter((s) => s.last - s.first > 14 * DAY);
        expect(appeared.length, `${project.name} ${scanner} appeared`).toBeGreaterThan(2);
        expect(gone.length, `${project.name} ${scanner} fixed`).toBeGreaterThan(0);
        expect(longLived.length, `${project.name} ${scanner} open > 14 days`).toBeGreaterThan(0);
      }
    }
  });

  it("reports a finding exactly while introducedAt <= t < fixedAt, each key at most once", () => {
    const world = createFindingsWorld(42, PROJECTS);
    for (const scanner of SCANNERS) {
      const all = world.introducedUntil(101, scanner, ANCHOR);
      for (const t of HISTORY) {
        const present = world.presentAt(101, scanner, t);
        const expected = all.filter((f) => f.introducedAt <= t && t < f.fixedAt).map((f) => f.key).sort();
        expect(present.map((f) => f.key).sort()).toEqual(expected);
        expect(new Set(present.map((f) => f.key)).size).toBe(present.length);
      }
    }
  });

  it("draws packages and code from the project's ecosystem, with criticals rare", () => {
    const world = createFindingsWorld(42, PROJECTS);
    const names = (list: ReadonlyArray<{ packageName: string }>) => new Set(list.map((v) => v.packageName));
    const until = ANCHOR + 60 * DAY;
    const serverFs = world.introducedUntil(101, "trivy-fs", until).filter((f) => f.kind === "vulnerability");
    const uiFs = world.introducedUntil(103, "trivy-fs", until).filter((f) => f.kind === "vulnerability");
    expect(serverFs.every((f) => f.file === "requirements.txt" && names(PACKAGE_VULNS.python).has(f.packageName ?? ""))).toBe(true);
    expect(uiFs.every((f) => f.file === "package-lock.json" && names(PACKAGE_VULNS.node).has(f.packageName ?? ""))).toBe(true);
    const uiImage = world.introducedUntil(103, "trivy-image", until);
    expect(uiImage.every((f) => names(OS_VULNS.node).has(f.packageName ?? ""))).toBe(true);
    const pyRules = new Set(SEMGREP_RULES.python.map((r) => r.ruleId));
    const serverCode = world.introducedUntil(101, "semgrep", until);
    expect(serverCode.length).toBeGreaterThan(20);
    expect(serverCode.every((f) => pyRules.has(f.ruleId) && f.file?.endsWith(".py") && (f.line ?? 0) > 0)).toBe(true);

    const all = PROJECTS.flatMap((p) => SCANNERS.flatMap((s) => world.introducedUntil(p.id, s, until)));
    const criticals = all.filter((f) => f.severity === "CRITICAL").length;
    expect(criticals / all.length).toBeLessThan(0.15);
    expect(new Set(all.map((f) => f.severity)).size).toBeGreaterThanOrEqual(3);
  });

  it("knows nothing of unknown projects or times before a project existed", () => {
    const world = createFindingsWorld(42, PROJECTS);
    expect(world.presentAt(999, "semgrep", ANCHOR)).toEqual([]);
    expect(world.presentAt(101, "semgrep", ANCHOR - 500 * DAY)).toEqual([]);
  });
});
