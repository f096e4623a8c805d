import { describe, expect, it } from "vitest";
import { DEFAULT_PROJECTS } from "../catalog";
import { DojoWorld } from "../defectdojo/world";
import { createFindingsWorld } from "../findings/world";
import { SimulationModel } from "../model";
import { SonarWorld } from "./world";

/* The simulated SonarQube and DefectDojo: deterministic from the seed, and nothing from the future. */

const ANCHOR = Date.parse("2026-06-10T12:00:00.000Z");

function worlds(seed: number) {
  const model = new SimulationModel({ seed, anchor: ANCHOR, historyDays: 6, pipelinesPerDay: 20, pipelinesPerProject: null, liveIntervalSeconds: 0, projects: DEFAULT_PROJECTS });
  const findings = createFindingsWorld(seed, model.projects);
  return { model, sonar: new SonarWorld(seed, model, findings), dojo: new DojoWorld(seed, model, findings) };
}

describe("simulated SonarQube and DefectDojo", () => {
  it("are the same for the same seed", () => {
    const a = worlds(3);
    const b = worlds(3);
    const project = a.model.projects[0];
    const other = b.model.projects[0];
    if (!project || !other) throw new Error("no project");
    const sonarA = a.sonar.analyses(project, ANCHOR).slice(0, 5);
    const sonarB = b.sonar.analyses(other, ANCHOR).slice(0, 5);
    expect(sonarA.map((x) => x.key)).toEqual(sonarB.map((x) => x.key));
    expect(sonarA.map((x) => a.sonar.issues(x).map((i) => i.key))).toEqual(sonarB.map((x) => b.sonar.issues(x).map((i) => i.key)));
    expect(sonarA.map((x) => a.sonar.gate(x))).toEqual(sonarB.map((x) => b.sonar.gate(x)));
    const testA = a.dojo.projectTests(project, ANCHOR).at(-1);
    const testB = b.dojo.projectTests(other, ANCHOR).at(-1);
    if (!testA || !testB) throw new Error("no import");
    expect(a.dojo.testFindings(testA, ANCHOR).map((f) => [f.id, f.verified, f.mitigatedAt])).toEqual(
      b.dojo.testFindings(testB, ANCHOR).map((f) => [f.id, f.verified, f.mitigatedAt]),
    );
    expect(worlds(4).sonar.analyses(project, ANCHOR)[0]?.key).not.toBe(sonarA[0]?.key);
  });

  it("show only analyses and imports whose job finished by the clock's time", () => {
    const { model, sonar, dojo } = worlds(9);
    const project = model.projects[1];
    if (!project) throw new Error("no project");
    const t = ANCHOR - 2 * 86_400_000;
    const before = sonar.analyses(project, t);
    const after = sonar.analyses(project, ANCHOR);
    expect(before.every((a) => a.date <= t)).toBe(true);
    expect(after.length).toBeGreaterThan(before.length);
    expect(after.filter((a) => a.date <= t).map((a) => a.key)).toEqual(before.map((a) => a.key));
    for (const a of after) {
      const scan = a.pipeline.jobs.find((j) => j.name === "sonarqube-scan" && j.finalStatus === "success");
      expect(scan?.finishedAt).toBe(a.date);
      expect(a.pipeline.refKind).toBe("main");
    }
    const imports = dojo.projectTests(project, t);
    expect(imports.every((i) => i.created <= t)).toBe(true);
    for (const test of imports.slice(-5)) {
      for (const f of dojo.testFindings(test, t)) {
        expect(f.firstSeen).toBeLessThanOrEqual(t);
        if (f.mitigatedAt !== null) expect(f.mitigatedAt).toBeLessThanOrEqual(t);
      }
    }
  });

  it("mostly pass the quality gate, sometimes not", () => {
    const { model, sonar } = worlds(5);
    const gates = model.projects.flatMap((p) => sonar.analyses(p, ANCHOR)).map((a) => sonar.gate(a).status);
    const failed = gates.filter((s) => s === "ERROR").length;
    expect(failed).toBeGreaterThan(0);
    expect(failed).toBeLessThan(gates.length / 2);
  });
});
