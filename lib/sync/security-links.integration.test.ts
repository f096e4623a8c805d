import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SERVICES } from "../config";
import { startSimulator, type Simulator } from "../simulator";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { createSyncLoop, type SyncLoopOptions } from "./loop";

/*
 * Main runs linked to the simulated SonarQube and DefectDojo through the real clients: each run's
 * analysis (by sha) and test (by build id, else commit), the newest run's triage state carried onto
 * the findings, and a rejected token recorded on the link without failing GitLab's sync.
 */
const ANCHOR = Date.parse("2026-06-01T12:00:00.000Z");

let sim: Simulator;
let tdb: TestDatabase;

function options(overrides: Partial<SyncLoopOptions> = {}): SyncLoopOptions {
  return {
    db: tdb.db,
    databaseUrl: tdb.url,
    gitlab: { url: sim.url, token: sim.token },
    sonarqube: sim.sonarqube,
    defectdojo: sim.defectdojo,
    services: DEFAULT_SERVICES.map((name) => ({ name, project: `cwiq/${name}` })),
    pollIntervalSeconds: 5,
    backfillDays: 3,
    concurrency: 4,
    requestTimeoutMs: 2_000,
    retry: { baseDelayMs: 5, maxDelayMs: 40 },
    artifactBudget: 500,
    logger: pino({ level: "silent" }),
    now: () => new Date(sim.clock.now()),
    ...overrides,
  };
}

beforeAll(async () => {
  sim = await startSimulator({ seed: 9, now: ANCHOR, historyDays: 2, pipelinesPerDay: 8, liveIntervalSeconds: 0, frozen: true, rateLimitPerMinute: 0 });
  tdb = await createTestDatabase();
  const loop = createSyncLoop(options());
  // The link budget is 25 runs per cycle and upstream; a few cycles reach every main run.
  for (let i = 0; i < 4; i++) await loop.runCycle();
  await loop.stop();
});

afterAll(async () => {
  await sim?.close();
  await tdb?.drop();
});

describe("SonarQube and DefectDojo links", () => {
  it("finds the analysis of every main run whose sonarqube-scan passed, with its quality gate", async () => {
    const scanned = await tdb.db.pipeline.findMany({
      where: { refKind: "MAIN", jobs: { some: { name: "sonarqube-scan", status: "success", retried: false } } },
      include: { sonarAnalysis: true },
    });
    expect(scanned.length).toBeGreaterThan(3);
    for (const pipeline of scanned) {
      expect(pipeline.sonarAnalysis?.status, `pipeline ${pipeline.id}: ${pipeline.sonarAnalysis?.message}`).toBe("found");
      expect(["OK", "WARN", "ERROR"]).toContain(pipeline.sonarAnalysis?.qualityGate);
      expect(pipeline.sonarAnalysis?.projectKey).toMatch(/^cwiq_/);
      expect(pipeline.sonarAnalysis?.dashboardUrl).toBe(`${sim.sonarqube.url}/dashboard?id=${pipeline.sonarAnalysis?.projectKey}&branch=main`);
    }
    // The newest main run of a service carries the branch's measures and open issue counts.
    const newest = await tdb.db.pipeline.findFirst({
      where: { refKind: "MAIN", sonarAnalysis: { status: "found" } },
      orderBy: { createdAt: "desc" },
      include: { sonarAnalysis: true },
    });
    const newestOfService = await tdb.db.pipeline.findFirst({ where: { refKind: "MAIN", serviceId: newest?.serviceId }, orderBy: { createdAt: "desc" } });
    if (newest && newestOfService?.id === newest.id) {
      expect(newest.sonarAnalysis?.ncloc).toBeGreaterThan(0);
      expect(newest.sonarAnalysis?.issuesHigh).not.toBeNull();
    }
  });

  it("finds the DefectDojo test of every main run whose import passed, by build id or its fallbacks", async () => {
    const imported = await tdb.db.pipeline.findMany({
      where: { refKind: "MAIN", jobs: { some: { name: "defectdojo-import", status: "success", retried: false } } },
      include: { defectDojoTest: true },
    });
    expect(imported.length).toBeGreaterThan(3);
    for (const pipeline of imported) {
      const test = pipeline.defectDojoTest;
      expect(test?.status, `pipeline ${pipeline.id}: ${test?.message}`).toBe("found");
      expect(["build_id", "commit_hash", "branch_tag"]).toContain(test?.matchedBy);
      expect(test?.url).toBe(`${sim.defectdojo.url}/test/${test?.testId}`);
    }
  });

  it("carries DefectDojo's triage state onto open trivy-image findings", async () => {
    const linked = await tdb.db.finding.findMany({ where: { tool: "trivy-image", dojoFindingId: { not: null } } });
    expect(linked.length).toBeGreaterThan(0);
    for (const finding of linked) {
      expect(finding.dojoFindingUrl).toBe(`${sim.defectdojo.url}/finding/${finding.dojoFindingId}`);
      expect(["active", "verified", "false_positive", "duplicate", "mitigated", "risk_accepted"]).toContain(finding.dojoState);
    }
  });

  it("records a rejected token on the link, and GitLab's sync still succeeds", async () => {
    const other = await createTestDatabase();
    try {
      const loop = createSyncLoop({
        ...options({ db: other.db, databaseUrl: other.url }),
        sonarqube: { url: sim.sonarqube.url, token: "squ_wrong" },
        defectdojo: { url: sim.defectdojo.url, token: "wrong" },
      });
      const cycle = await loop.runCycle();
      await loop.stop();
      expect(cycle.projects.every((p) => p.ok)).toBe(true);
      const sonar = await other.db.sonarAnalysis.findFirst();
      const dojo = await other.db.defectDojoTest.findFirst();
      expect(sonar?.status).toBe("error");
      expect(sonar?.message).toContain("SonarQube rejected the token");
      expect(dojo?.status).toBe("error");
      expect(dojo?.message).toContain("DefectDojo rejected the token");
      expect(sonar?.message).not.toContain("squ_wrong");
    } finally {
      await other.drop();
    }
  });
});
