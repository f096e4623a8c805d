import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SERVICES } from "@/lib/platform/config";
import { ANALYSIS_PAGE_SIZE } from "@/lib/upstream/sonarqube/client";
import { startSimulator, type Simulator } from "@/simulator";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { createSyncLoop, type SyncLoopOptions } from "../loop";

/*
 * Main runs linked to the simulated SonarQube and DefectDojo through the real clients: each run's
 * analysis (by sha) and test (by build id, else commit), the newest run's triage state carried onto
 * the findings, and a rejected token recorded on the link without failing GitLab's sync.
 */
const ANCHOR = Date.parse("2026-06-01T12:00:00.000Z");
const ANALYSES_ROUTE = "GET /sonarqube/api/project_analyses/search";

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

  it("lists each project's analyses once per cycle during a backfill, and still links every run to its sha's analysis", async () => {
    const other = await createTestDatabase();
    try {
      // Per sha: its main pipelines' latest successful scan (the analysis a run of the sha links to), as GitLab shows them.
      const scans = new Map<string, number>();
      let bound = 0;
      for (const project of sim.truth().projects) {
        let analyses = 0;
        for (const { pipeline, jobs } of project.pipelines) {
          const finished = jobs.filter((j) => j.name === "sonarqube-scan" && j.status === "success" && j.finished_at).at(-1)?.finished_at;
          if (pipeline.ref !== "main" || !finished) continue;
          scans.set(pipeline.sha, Math.max(scans.get(pipeline.sha) ?? 0, Date.parse(finished)));
          analyses += 1;
        }
        bound += Math.ceil(analyses / ANALYSIS_PAGE_SIZE) + 1;
      }
      const loop = createSyncLoop(options({ db: other.db, databaseUrl: other.url }));
      for (let cycle = 0; cycle < 4; cycle++) {
        const before = await other.db.sonarAnalysis.count();
        sim.stats.reset();
        await loop.runCycle();
        const searches = sim.stats.byRoute[ANALYSES_ROUTE] ?? 0;
        expect(searches, `cycle ${cycle}`).toBeLessThanOrEqual(bound);
        // The backfill's first cycle links more runs than that: one search per run would exceed the bound.
        if (cycle === 0) expect((await other.db.sonarAnalysis.count()) - before).toBeGreaterThan(bound);
      }
      await loop.stop();

      const scanned = await other.db.pipeline.findMany({
        where: { refKind: "MAIN", jobs: { some: { name: "sonarqube-scan", status: "success", retried: false } } },
        include: { sonarAnalysis: true },
      });
      expect(scanned.length).toBeGreaterThan(bound);
      for (const pipeline of scanned) {
        const link = pipeline.sonarAnalysis;
        expect(link?.status, `pipeline ${pipeline.id}: ${link?.message}`).toBe("found");
        expect(["OK", "WARN", "ERROR"]).toContain(link?.qualityGate);
        // Its sha's analysis (the latest, when main ran the sha more than once), as the per-run search found.
        expect(Math.floor((link?.analysedAt?.getTime() ?? 0) / 1000)).toBe(Math.floor((scans.get(pipeline.sha) ?? -1) / 1000));
      }
    } finally {
      await other.drop();
    }
  });

  it("stores a warning condition of SonarQube before 7.6 with its threshold", async () => {
    const other = await createTestDatabase();
    sim.sonarqubeControl.setOlderGateFormat(true);
    try {
      const loop = createSyncLoop({ ...options({ db: other.db, databaseUrl: other.url }), defectdojo: undefined });
      await loop.runCycle();
      await loop.stop();
      const found = await other.db.sonarAnalysis.findMany({ where: { status: "found" } });
      expect(found.length).toBeGreaterThan(DEFAULT_SERVICES.length);
      const warned = found.filter((a) => a.qualityGate === "WARN");
      expect(warned.length).toBeGreaterThan(0);
      for (const analysis of warned) expect(analysis.failedConditions).toContainEqual(expect.stringMatching(/^open_issues \d+ \(GT 0, warning\)$/));
      for (const analysis of found) for (const condition of analysis.failedConditions) expect(condition).not.toContain("?");
    } finally {
      sim.sonarqubeControl.setOlderGateFormat(false);
      await other.drop();
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
      // One failed listing per project stands for each of its runs, as a failed search per run did.
      const sonarRuns = await other.db.sonarAnalysis.findMany();
      expect(sonarRuns.length).toBeGreaterThan(DEFAULT_SERVICES.length);
      for (const run of sonarRuns) expect([run.status, run.message]).toEqual(["error", sonar?.message]);
    } finally {
      await other.drop();
    }
  });
});
