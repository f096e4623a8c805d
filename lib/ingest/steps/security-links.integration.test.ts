import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SERVICES } from "@/lib/platform/config";
import { ANALYSIS_PAGE_SIZE } from "@/lib/upstream/sonarqube/client";
import { startSimulator, type Simulator } from "@/simulator";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { simulatedSyncOptions } from "@/test/support/simulated-sync";
import { createSyncLoop, type SyncLoopOptions } from "../loop";

/*
 * Main runs linked to the simulated SonarQube and DefectDojo through the real clients: each run's
 * analysis (by sha) and test (in its service's product, by build id, else commit), the newest run's
 * triage state carried onto the findings, and a rejected token recorded on the link without failing
 * GitLab's sync. Beside the world's imports, DefectDojo holds another product's scans of the same
 * pipelines and a newer import on main that names no run: neither may be linked.
 */
const ANCHOR = Date.parse("2026-06-01T12:00:00.000Z");
const ANALYSES_ROUTE = "GET /sonarqube/api/project_analyses/search";

let sim: Simulator;
let tdb: TestDatabase;
/** Tests added to the simulated DefectDojo that are no run's of its product. */
const decoys: number[] = [];

/** A service's main pipelines whose last defectdojo-import attempt passed, newest first. */
function importedMainPipelines(path: string) {
  const project = sim.truth().projects.find((p) => p.project.path_with_namespace === path);
  return (project?.pipelines ?? []).filter((p) => p.pipeline.ref === "main" && p.jobs.find((j) => j.name === "defectdojo-import")?.status === "success");
}

async function dojoApi<T>(path: string): Promise<T> {
  const response = await fetch(`${sim.defectdojo.url}/api/v2/${path}`, { headers: { Authorization: `Token ${sim.defectdojo.token}` } });
  if (!response.ok) throw new Error(`DefectDojo ${path}: ${response.status}`);
  return (await response.json()) as T;
}

interface WireTest {
  id: number;
  engagement: number;
  build_id: string | null;
  commit_hash: string | null;
  branch_tag: string | null;
}

/** The engagement of the product named exactly `name`, as the simulated DefectDojo lists it. */
async function engagementOf(name: string): Promise<number> {
  const products = await dojoApi<{ results: Array<{ id: number; name: string }> }>(`products/?name_exact=${encodeURIComponent(name)}`);
  const product = products.results.find((p) => p.name === name);
  const engagements = await dojoApi<{ results: Array<{ id: number }> }>(`engagements/?product=${product?.id}`);
  return engagements.results[0]?.id ?? -1;
}

/** The sync into `db`, linking runs to the simulated SonarQube and DefectDojo. */
function options(db: TestDatabase = tdb): SyncLoopOptions {
  return simulatedSyncOptions(sim, db, {
    sonarqube: sim.sonarqube,
    defectdojo: sim.defectdojo,
    backfillDays: 3,
    retry: { baseDelayMs: 5, maxDelayMs: 40 },
    artifactBudget: 500,
  });
}

beforeAll(async () => {
  sim = await startSimulator({ seed: 9, now: ANCHOR, historyDays: 2, pipelinesPerDay: 8, liveIntervalSeconds: 0, frozen: true, rateLimitPerMinute: 0 });
  // A DAST product whose name contains the service's, scanning server's newest pipelines after their own imports
  // (a lookup by build id across products finds these first), and a hand-made import on main, newer than all.
  sim.defectdojoControl.addProduct("cwiq/server-e2e", ANCHOR - 30 * 86_400_000);
  for (const { pipeline } of importedMainPipelines("cwiq/server").slice(0, 5)) {
    decoys.push(sim.defectdojoControl.addTest({ product: "cwiq/server-e2e", created: ANCHOR - 120_000, buildId: String(pipeline.id), commitHash: pipeline.sha, branchTag: "main", scanType: "ZAP Scan" }));
  }
  decoys.push(sim.defectdojoControl.addTest({ product: "cwiq/server", created: ANCHOR - 60_000, branchTag: "main" }));
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

  it("links each main run whose import passed to its own DefectDojo test in its service's product, or to none", async () => {
    const imported = await tdb.db.pipeline.findMany({
      where: { refKind: "MAIN", jobs: { some: { name: "defectdojo-import", status: "success", retried: false } } },
      include: { defectDojoTest: true, service: true },
    });
    expect(imported.length).toBeGreaterThan(3);
    let found = 0;
    for (const pipeline of imported) {
      const link = pipeline.defectDojoTest;
      const context = `pipeline ${pipeline.id}: ${link?.message}`;
      const engagement = await engagementOf(`cwiq/${pipeline.service.name}`);
      if (link?.status === "found") {
        found += 1;
        const test = await dojoApi<WireTest>(`tests/${link.testId}/`);
        expect(test.engagement, context).toBe(engagement);
        expect(link.engagementId).toBe(BigInt(engagement));
        expect(test.branch_tag).toBe("main");
        if (link.matchedBy === "build_id") expect(test.build_id).toBe(String(pipeline.id));
        else expect([link.matchedBy, test.build_id, pipeline.sha.startsWith(test.commit_hash ?? "-")], context).toEqual(["commit_hash", null, true]);
        expect(link.url).toBe(`${sim.defectdojo.url}/test/${link.testId}`);
      } else {
        // None of the product's tests names the pipeline.
        expect([link?.status, link?.testId, link?.counts], context).toEqual(["not_found", null, null]);
        expect(link?.message).toContain(`product "cwiq/${pipeline.service.name}"`);
        const named = await dojoApi<{ count: number }>(`tests/?engagement=${engagement}&build_id=${pipeline.id}`);
        expect(named.count).toBe(0);
      }
    }
    expect(found).toBeGreaterThan(imported.length * 0.8);
    const linked = await tdb.db.defectDojoTest.findMany({ where: { testId: { in: decoys.map(BigInt) } } });
    expect(linked).toEqual([]);
  });

  it("links the same tests when DefectDojo ignores the CI filters and the ordering, as older servers do", async () => {
    const other = await createTestDatabase();
    sim.defectdojoControl.setOldServer(true);
    try {
      const loop = createSyncLoop({ ...options(other), sonarqube: undefined });
      // Two cycles reach every main run here (25 per project and cycle).
      for (let i = 0; i < 2; i++) await loop.runCycle();
      await loop.stop();
      const links = (rows: Array<{ pipelineId: bigint; status: string; testId: bigint | null; matchedBy: string | null }>) =>
        rows.map((r) => [r.pipelineId, r.status, r.testId, r.matchedBy]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
      const current = links(await tdb.db.defectDojoTest.findMany());
      expect(current.length).toBeGreaterThan(3);
      expect(links(await other.db.defectDojoTest.findMany())).toEqual(current);
    } finally {
      sim.defectdojoControl.setOldServer(false);
      await other.drop();
    }
  });

  it("looks in the configured product and engagement: a run gets the test that names it there, or none", async () => {
    const other = await createTestDatabase();
    try {
      // Two iam-api runs the archive product names (one by build id, one by short commit), a neighbour's
      // build id with a contradicting commit, and a newer import that names no run.
      const [a, b] = importedMainPipelines("cwiq/iam-api").map((p) => p.pipeline);
      if (!a || !b) throw new Error("iam-api has fewer than two imported main runs");
      sim.defectdojoControl.addProduct("CWIQ IAM (archive)", ANCHOR - 30 * 86_400_000);
      const add = (fields: Omit<Parameters<Simulator["defectdojoControl"]["addTest"]>[0], "product" | "branchTag">) =>
        sim.defectdojoControl.addTest({ product: "CWIQ IAM (archive)", branchTag: "main", ...fields });
      const ofA = add({ created: ANCHOR - 50_000, buildId: String(a.id), commitHash: a.sha });
      const ofB = add({ created: ANCHOR - 40_000, commitHash: b.sha.slice(0, 8) });
      const contradicting = add({ created: ANCHOR - 30_000, buildId: String(b.id), commitHash: a.sha });
      const anonymous = add({ created: ANCHOR - 20_000 });

      const loop = createSyncLoop({
        ...options(other),
        sonarqube: undefined,
        defectdojoTargets: { "iam-api": { product: "CWIQ IAM (archive)" }, ui: { product: "cwiq/web" }, executor: { engagement: "Nightly" } },
      });
      await loop.runCycle();
      await loop.stop();

      const rows = await other.db.defectDojoTest.findMany({ include: { pipeline: { include: { service: true } } } });
      const of = (service: string) => rows.filter((r) => r.pipeline.service.name === service);
      const iam = of("iam-api");
      expect(iam.length).toBeGreaterThan(2);
      for (const row of iam) {
        const expected = row.pipelineId === BigInt(a.id) ? [BigInt(ofA), "build_id"] : row.pipelineId === BigInt(b.id) ? [BigInt(ofB), "commit_hash"] : [null, null];
        expect([row.testId, row.matchedBy], `pipeline ${row.pipelineId}`).toEqual(expected);
        if (expected[0] === null) expect(row.message).toContain('DefectDojo product "CWIQ IAM (archive)" has no test of pipeline');
      }
      expect(rows.map((r) => r.testId)).not.toContain(BigInt(contradicting));
      expect(rows.map((r) => r.testId)).not.toContain(BigInt(anonymous));
      expect(of("ui").length).toBeGreaterThan(0);
      for (const row of of("ui")) expect([row.status, row.message]).toEqual(["not_found", 'DefectDojo has no product named "cwiq/web"']);
      expect(of("executor").length).toBeGreaterThan(0);
      for (const row of of("executor")) expect([row.status, row.message]).toEqual(["not_found", 'DefectDojo product "cwiq/executor" has no engagement named "Nightly"']);
      // The defaults still find server's imports under the product named by its project path.
      expect(of("server").some((r) => r.status === "found")).toBe(true);
    } finally {
      await other.drop();
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
      const loop = createSyncLoop(options(other));
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
      const loop = createSyncLoop({ ...options(other), defectdojo: undefined });
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

  it("asks again about a link an earlier version found by branch alone, and only about that", async () => {
    const own = await tdb.db.defectDojoTest.findFirst({ where: { status: "found", matchedBy: "build_id" }, orderBy: { pipelineId: "asc" } });
    if (!own) throw new Error("no run linked by build id");
    const [anonymous] = decoys.slice(-1);
    // What the branch fallback stored: the newest test on main, whoever's it was.
    await tdb.db.defectDojoTest.update({ where: { pipelineId: own.pipelineId }, data: { testId: BigInt(anonymous ?? 0), matchedBy: "branch_tag", url: "stale" } });
    const before = await tdb.db.defectDojoTest.findMany({ where: { NOT: { pipelineId: own.pipelineId } }, orderBy: { pipelineId: "asc" } });
    const loop = createSyncLoop(options());
    await loop.runCycle();
    await loop.stop();
    const relinked = await tdb.db.defectDojoTest.findUnique({ where: { pipelineId: own.pipelineId } });
    expect([relinked?.status, relinked?.testId, relinked?.matchedBy, relinked?.url]).toEqual(["found", own.testId, "build_id", own.url]);
    // The others were not asked again.
    expect(await tdb.db.defectDojoTest.findMany({ where: { NOT: { pipelineId: own.pipelineId } }, orderBy: { pipelineId: "asc" } })).toEqual(before);
  });

  it("records a rejected token on the link, and GitLab's sync still succeeds", async () => {
    const other = await createTestDatabase();
    try {
      const loop = createSyncLoop({
        ...options(other),
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
