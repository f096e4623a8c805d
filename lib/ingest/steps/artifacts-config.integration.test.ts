import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "@/lib/platform/config";
import { startSimulator, type Simulator } from "@/simulator";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { cycleUntilSettled, simulatedSyncOptions } from "@/test/support/simulated-sync";
import { createSyncLoop, type SyncLoop } from "../loop";

/*
 * The sync reads the configured artifact table (SCAN_ARTIFACTS), not CWIQ's: here the semgrep job's
 * SARIF is read as generic SARIF (tool "sarif"), the filesystem scan as usual, and a GitLab container
 * scanning report the simulated GitLab does not have. Each is stored under its configured tool, and
 * main runs of the generic tool are compared run to run like CWIQ's.
 */
const ANCHOR = Date.parse("2026-06-01T12:00:00.000Z");
const SEVERITIES = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO"] as const;
const SCAN_ARTIFACTS = "semgrep:semgrep-results.sarif:sarif, trivy-fs-scan:trivy-fs-results.sarif, trivy-image-scan:gl-container-scanning-report.json";

let sim: Simulator;
let tdb: TestDatabase;
let loop: SyncLoop;

beforeAll(async () => {
  sim = await startSimulator({ seed: 7, now: ANCHOR, historyDays: 3, pipelinesPerDay: 8, liveIntervalSeconds: 0, frozen: true, rateLimitPerMinute: 0 });
  tdb = await createTestDatabase();
  loop = createSyncLoop(
    simulatedSyncOptions(sim, tdb, {
      backfillDays: 4,
      retry: { baseDelayMs: 5, maxDelayMs: 40 },
      artifactBudget: 150,
      artifacts: loadConfig({ SCAN_ARTIFACTS }).scanArtifacts,
    }),
  );
  await cycleUntilSettled(loop, () => tdb.db.scanReport.count());
});

afterAll(async () => {
  await loop?.stop();
  await sim?.close();
  await tdb?.drop();
});

describe("configured artifacts", () => {
  it("reads exactly the configured files, each under its configured tool", async () => {
    const reports = await tdb.db.scanReport.findMany();
    const kinds = new Set(reports.map((r) => `${r.tool} ${r.artifact}`));
    expect([...kinds].sort()).toEqual([
      "gitlab-container gl-container-scanning-report.json",
      "sarif semgrep-results.sarif",
      "trivy-fs trivy-fs-results.sarif",
    ]);
    for (const report of reports.filter((r) => r.tool === "gitlab-container")) expect(report.status).toBe("unavailable");
    const generic = reports.filter((r) => r.tool === "sarif" && r.status === "ok");
    expect(generic.length).toBeGreaterThan(10);
    for (const report of generic) {
      const truth = sim.artifactTruth(Number(report.jobId));
      const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, truth?.findings.filter((f) => f.severity === s).length ?? -1]));
      expect({ CRITICAL: report.critical, HIGH: report.high, MEDIUM: report.medium, LOW: report.low, INFO: report.info }).toEqual(bySeverity);
    }
    const tools = await tdb.db.finding.groupBy({ by: ["tool"], _count: true });
    expect(tools.map((t) => t.tool).sort()).toEqual(["sarif", "trivy-fs"]);
  });

  it("compares the generic tool's main runs against the previous main run", async () => {
    const mains = await tdb.db.scanReport.findMany({
      where: { refKind: "MAIN", status: "ok", tool: "sarif" },
      orderBy: [{ serviceId: "asc" }, { pipelineCreatedAt: "asc" }],
    });
    let compared = 0;
    for (let i = 1; i < mains.length; i++) {
      const [previous, current] = [mains[i - 1]!, mains[i]!];
      if (previous.serviceId !== current.serviceId) continue;
      const keys = (jobId: bigint) => new Set(sim.artifactTruth(Number(jobId))?.findings.map((f) => f.key));
      const before = keys(previous.jobId);
      const after = keys(current.jobId);
      expect(current.previousReportId).toBe(previous.id);
      expect({ new: current.newCount, fixed: current.fixedCount }).toEqual({
        new: [...after].filter((k) => !before.has(k)).length,
        fixed: [...before].filter((k) => !after.has(k)).length,
      });
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(3);
    expect(await tdb.db.finding.count({ where: { tool: "sarif", open: true } })).toBeGreaterThan(0);
  });
});
