import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "@/simulator";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { cycleUntilSettled, simulatedSyncOptions } from "@/test/support/simulated-sync";
import { createSyncLoop, type SyncLoop } from "../loop";

/*
 * Artifacts from the simulated GitLab through the real sync: every finished job's file ends up as
 * a scan report that agrees with what the simulator served, 404s as "unavailable", and main runs
 * carry new/fixed counts that agree with the simulator's findings world.
 */
const ANCHOR = Date.parse("2026-06-01T12:00:00.000Z");
const SEVERITIES = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO"] as const;

let sim: Simulator;
let tdb: TestDatabase;
let loop: SyncLoop;

beforeAll(async () => {
  sim = await startSimulator({ seed: 5, now: ANCHOR, historyDays: 3, pipelinesPerDay: 10, liveIntervalSeconds: 0, frozen: true, rateLimitPerMinute: 0 });
  tdb = await createTestDatabase();
  loop = createSyncLoop(simulatedSyncOptions(sim, tdb, { backfillDays: 4, retry: { baseDelayMs: 5, maxDelayMs: 40 }, artifactBudget: 150 }));
  if (!(await cycleUntilSettled(loop, () => tdb.db.scanReport.count()))) throw new Error("artifacts kept arriving after 20 cycles");
});

afterAll(async () => {
  await loop?.stop();
  await sim?.close();
  await tdb?.drop();
});

describe("artifact ingestion", () => {
  it("stores one report per finished job's artifact, matching what GitLab served", async () => {
    const reports = await tdb.db.scanReport.findMany({ include: { job: true, pipeline: true } });
    expect(reports.length).toBeGreaterThan(100);
    const kinds = new Set<string>();
    for (const report of reports) {
      const truth = sim.artifactTruth(Number(report.jobId));
      expect(truth, `job ${report.jobId}`).toBeDefined();
      if (!truth) continue;
      expect(report.artifact).toBe(truth.name);
      if (!truth.available) {
        expect(report.status, `job ${report.jobId} ${report.artifact}`).toBe("unavailable");
        kinds.add("unavailable");
        continue;
      }
      expect(report.status, `${report.artifact} of job ${report.jobId}: ${report.message}`).toBe("ok");
      if (report.tool === "cobertura") {
        expect(report.lineRate).toBeCloseTo(truth.coverageLineRate ?? -1, 4);
      } else if (report.tool === "dotenv") {
        expect(report.pipeline.imageTag).toBe(truth.env?.IMAGE_TAG);
      } else {
        const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, truth.findings.filter((f) => f.severity === s).length]));
        expect({ CRITICAL: report.critical, HIGH: report.high, MEDIUM: report.medium, LOW: report.low, INFO: report.info }).toEqual(bySeverity);
      }
      kinds.add(report.tool);
    }
    expect([...kinds].sort()).toEqual(["cobertura", "dotenv", "semgrep", "trivy-fs", "trivy-image", "unavailable"]);
  });

  it("never stores the same report or finding twice", async () => {
    await loop.runCycle();
    const duplicates = await tdb.db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM (SELECT job_id, artifact FROM scan_report GROUP BY 1, 2 HAVING count(*) > 1) d`;
    expect(Number(duplicates[0]?.n)).toBe(0);
    const occurrences = await tdb.db.findingOccurrence.count();
    const reported = await tdb.db.scanReport.aggregate({ _sum: { total: true } });
    expect(occurrences).toBe(reported._sum.total);
  });

  it("counts new and fixed findings of main runs against the previous main run", async () => {
    const mains = await tdb.db.scanReport.findMany({
      where: { refKind: "MAIN", status: "ok", tool: "trivy-image" },
      orderBy: [{ serviceId: "asc" }, { pipelineCreatedAt: "asc" }],
    });
    let compared = 0;
    let changed = 0;
    for (let i = 1; i < mains.length; i++) {
      const [previous, current] = [mains[i - 1]!, mains[i]!];
      if (previous.serviceId !== current.serviceId) continue;
      const keys = (jobId: bigint) => new Set(sim.artifactTruth(Number(jobId))?.findings.map((f) => f.key));
      const before = keys(previous.jobId);
      const after = keys(current.jobId);
      const introduced = [...after].filter((k) => !before.has(k)).length;
      const fixed = [...before].filter((k) => !after.has(k)).length;
      expect(current.previousReportId).toBe(previous.id);
      expect({ new: current.newCount, fixed: current.fixedCount }).toEqual({ new: introduced, fixed });
      compared++;
      if (introduced + fixed > 0) changed++;
    }
    expect(compared).toBeGreaterThanOrEqual(3);
    expect(changed).toBeGreaterThan(0);
  });

  it("keeps findings open while the latest main run has them, and dates their fix otherwise", async () => {
    const open = await tdb.db.finding.count({ where: { open: true } });
    const fixed = await tdb.db.finding.findMany({ where: { open: false, fixedAt: { not: null } } });
    expect(open).toBeGreaterThan(0);
    for (const finding of fixed) {
      expect(finding.fixedAt!.getTime()).toBeGreaterThan(finding.firstSeenAt.getTime());
    }
  });
});
