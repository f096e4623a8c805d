import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/platform/db/client";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { csvCell, FINDINGS_CSV_HEADER, findingCsvLine, findingsCsvFileName } from "./csv";
import { DEFAULT_PARAMS } from "./url";
import { findingBatches, getSecurityPage, queryFindingsPage } from "./query";
import type { SecurityPageParams, TrendPoint } from "./types";

const NOW = new Date("2026-11-20T12:00:00.000Z");
const DAY = 86_400_000;
const daysAgo = (d: number) => new Date(NOW.getTime() - d * DAY);
let nextPipelineId = 7000n;
let nextJobId = 800_000n;

async function addService(db: Db, name: string): Promise<number> {
  return (await db.service.create({ data: { name, projectRef: `cwiq/${name}` } })).id;
}

async function addPipeline(db: Db, serviceId: number, at: string, kind: "MAIN" | "BRANCH" = "MAIN"): Promise<{ pipelineId: bigint; jobId: bigint }> {
  const pipelineId = nextPipelineId++;
  const jobId = nextJobId++;
  const createdAt = new Date(at);
  await db.pipeline.create({
    data: {
      id: pipelineId,
      iid: Number(pipelineId),
      serviceId,
      ref: kind === "MAIN" ? "main" : "feature",
      refKind: kind,
      sha: pipelineId.toString(16).padStart(40, "a"),
      source: "push",
      status: "success",
      createdAt,
      updatedAt: createdAt,
      webUrl: `https://gitlab.example/p/${pipelineId}`,
    },
  });
  await db.job.create({
    data: { id: jobId, pipelineId, serviceId, stage: "scan", name: "scan", status: "success", allowFailure: false, createdAt, webUrl: `https://gitlab.example/jobs/${jobId}` },
  });
  return { pipelineId, jobId };
}

async function addReport(
  db: Db,
  serviceId: number,
  tool: string,
  at: string,
  counts: { critical?: number; high?: number; medium?: number; low?: number; info?: number },
  extra: { kind?: "MAIN" | "BRANCH"; status?: string; message?: string } = {},
): Promise<bigint> {
  const { pipelineId, jobId } = await addPipeline(db, serviceId, at, extra.kind);
  await db.scanReport.create({
    data: {
      jobId,
      pipelineId,
      serviceId,
      pipelineCreatedAt: new Date(at),
      refKind: extra.kind ?? "MAIN",
      tool,
      artifact: `${tool}-results`,
      status: extra.status ?? "ok",
      message: extra.message ?? null,
      ...counts,
    },
  });
  return jobId;
}

interface FindingSpec {
  service: number;
  title: string;
  severity: string;
  firstSeen: Date;
  tool?: string;
  open?: boolean;
  fixedAt?: Date;
  dojoState?: string;
  sonarKey?: string;
  jobId?: bigint;
}

let fingerprint = 0;
async function addFinding(db: Db, f: FindingSpec): Promise<void> {
  fingerprint += 1;
  await db.finding.create({
    data: {
      serviceId: f.service,
      tool: f.tool ?? "semgrep",
      fingerprint: `fp-${fingerprint}`,
      category: "code",
      ruleId: `rule-${fingerprint}`,
      severity: f.severity,
      title: f.title,
      location: `src/${f.title}.py:1`,
      links: [],
      firstSeenAt: f.firstSeen,
      lastSeenAt: daysAgo(0.25),
      firstPipelineId: 1n,
      lastPipelineId: 1n,
      lastJobId: f.jobId ?? 1n,
      open: f.open ?? true,
      fixedAt: f.fixedAt ?? null,
      dojoState: f.dojoState ?? null,
      dojoFindingId: f.dojoState ? BigInt(fingerprint) : null,
      dojoFindingUrl: f.dojoState ? `https://dojo.example/finding/${fingerprint}` : null,
      sonarIssueKey: f.sonarKey ?? null,
      sonarIssueUrl: f.sonarKey ? `https://sonar.example/project/issues?open=${f.sonarKey}` : null,
    },
  });
}

const params = (patch: Partial<SecurityPageParams> = {}): SecurityPageParams => ({ ...DEFAULT_PARAMS, period: 7, ...patch });
const levels = (points: TrendPoint[]) => points.map((p) => [p.day, p.CRITICAL, p.HIGH, p.MEDIUM, p.LOW]);

let t: TestDatabase;
let semgrepJobId = 0n;

beforeAll(async () => {
  t = await createTestDatabase();
  const db = t.db;
  const server = await addService(db, "server");
  const ui = await addService(db, "ui");

  // server / semgrep on main: a level from before the period, two runs on the 16th (the later one
  // counts), a broken report on the 18th (skipped, the level carries on), and a branch run (ignored).
  await addReport(db, server, "semgrep", "2026-11-10T09:00:00Z", { critical: 1, high: 2 });
  await addReport(db, server, "semgrep", "2026-11-16T10:00:00Z", { critical: 3, high: 1 });
  semgrepJobId = await addReport(db, server, "semgrep", "2026-11-16T15:00:00Z", { critical: 2, high: 1 });
  await addReport(db, server, "semgrep", "2026-11-18T08:00:00Z", {}, { status: "error", message: "semgrep-results.sarif is not SARIF" });
  await addReport(db, server, "semgrep", "2026-11-19T08:00:00Z", { critical: 9 }, { kind: "BRANCH" });
  await addReport(db, server, "trivy-image", "2026-11-17T08:00:00Z", { high: 4, medium: 1 });
  await addReport(db, ui, "semgrep", "2026-11-15T08:00:00Z", { low: 2 });
  await addReport(db, ui, "trivy-fs", "2026-11-19T08:00:00Z", {}, { status: "unavailable", message: "GitLab answered 404" });
  const { pipelineId } = await addPipeline(db, ui, "2026-11-19T09:00:00Z");
  await db.sonarAnalysis.create({
    data: { pipelineId, serviceId: ui, status: "found", projectKey: "cwiq_ui", branch: "main", issuesCritical: 1, dashboardUrl: "https://sonar.example/dashboard", checkedAt: NOW },
  });

  // Findings (ids follow insertion order).
  await addFinding(db, { service: server, title: "f1", severity: "CRITICAL", firstSeen: daysAgo(10), jobId: semgrepJobId });
  await addFinding(db, { service: server, title: "f2", severity: "CRITICAL", firstSeen: daysAgo(3) });
  await addFinding(db, { service: server, title: "f3", severity: "HIGH", firstSeen: daysAgo(40), tool: "trivy-image", dojoState: "false_positive" });
  await addFinding(db, { service: server, title: "f4", severity: "HIGH", firstSeen: daysAgo(31), tool: "trivy-image", dojoState: "verified" });
  await addFinding(db, { service: server, title: "f5", severity: "MEDIUM", firstSeen: daysAgo(100), sonarKey: "AX-5" });
  await addFinding(db, { service: server, title: "f6", severity: "HIGH", firstSeen: daysAgo(5), open: false, fixedAt: daysAgo(2) });
  await addFinding(db, { service: server, title: "f7", severity: "HIGH", firstSeen: daysAgo(10), open: false, fixedAt: daysAgo(1) });
  await addFinding(db, { service: server, title: "f8", severity: "CRITICAL", firstSeen: daysAgo(30), open: false, fixedAt: daysAgo(20) });
  await addFinding(db, { service: ui, title: "f9", severity: "CRITICAL", firstSeen: daysAgo(1), tool: "trivy-image", dojoState: "risk_accepted" });
  await addFinding(db, { service: ui, title: "f10", severity: "LOW", firstSeen: daysAgo(0.5) });
});

afterAll(async () => {
  await t?.drop();
});

describe("trends", () => {
  it("sums each service and scanner's latest main report as of each day, carried forward, SonarQube included", async () => {
    const page = await getSecurityPage(t.db, params(), { now: NOW });
    expect(levels(page.trends.total)).toEqual([
      ["2026-11-14", 1, 2, 0, 0],
      ["2026-11-15", 1, 2, 0, 2],
      ["2026-11-16", 2, 1, 0, 2],
      ["2026-11-17", 2, 5, 1, 2],
      ["2026-11-18", 2, 5, 1, 2],
      ["2026-11-19", 3, 5, 1, 2],
      ["2026-11-20", 3, 5, 1, 2],
    ]);
    expect(page.trends.total.at(-1)?.total).toBe(11);
    expect(page.trends.byScanner.map((s) => s.key)).toEqual(["semgrep", "trivy-image", "sonarqube"]);
    expect(page.trends.byService.map((s) => [s.key, s.points.at(-1)?.total])).toEqual([
      ["server", 8],
      ["ui", 3],
    ]);
    expect(page.trends.defectdojo).toBeNull();
  });

  it("narrows to one scanner and one service", async () => {
    const page = await getSecurityPage(t.db, params({ service: "server", scanner: "semgrep" }), { now: NOW });
    expect(levels(page.trends.total).map((l) => [l[0], l[1], l[2]])).toEqual([
      ["2026-11-14", 1, 2],
      ["2026-11-15", 1, 2],
      ["2026-11-16", 2, 1],
      ["2026-11-17", 2, 1],
      ["2026-11-18", 2, 1],
      ["2026-11-19", 2, 1],
      ["2026-11-20", 2, 1],
    ]);
    expect(page.trends.byService.map((s) => s.key)).toEqual(["server"]);
  });
});

describe("summary", () => {
  it("counts open criticals and highs per service, leaving out findings triaged away", async () => {
    const page = await getSecurityPage(t.db, params(), { now: NOW });
    expect(page.openNow).toEqual([
      { service: "server", critical: 2, high: 1 },
      { service: "ui", critical: 0, high: 0 },
    ]);
  });

  it("averages first seen → fixed over findings fixed in the period", async () => {
    const page = await getSecurityPage(t.db, params(), { now: NOW });
    const high = page.mttr.find((m) => m.severity === "HIGH");
    // f6: 3 days, f7: 9 days; f8 was fixed before the period.
    expect(high).toEqual({ severity: "HIGH", fixed: 2, meanHours: 144 });
    expect(page.mttr.find((m) => m.severity === "CRITICAL")).toEqual({ severity: "CRITICAL", fixed: 0, meanHours: null });
    const month = await getSecurityPage(t.db, params({ period: 30 }), { now: NOW });
    expect(month.mttr.find((m) => m.severity === "CRITICAL")?.fixed).toBe(1);
  });

  it("counts findings past the configured age per severity", async () => {
    const page = await getSecurityPage(t.db, params(), { now: NOW });
    expect(page.pastAge).toEqual([
      { severity: "CRITICAL", maxAgeDays: 7, count: 1 },
      { severity: "HIGH", maxAgeDays: 30, count: 1 },
    ]);
    const strict = await getSecurityPage(t.db, params(), { now: NOW, maxAgeDays: { CRITICAL: 2, MEDIUM: 90 } });
    expect(strict.pastAge).toEqual([
      { severity: "CRITICAL", maxAgeDays: 2, count: 2 },
      { severity: "MEDIUM", maxAgeDays: 90, count: 1 },
    ]);
    expect(strict.findings.items.filter((r) => r.pastAge).map((r) => r.title)).toEqual(["f1", "f2", "f5"]);
  });

  it("reports the latest main artifact of a service and scanner that could not be read", async () => {
    const page = await getSecurityPage(t.db, params(), { now: NOW });
    expect(page.problems.map((p) => [p.service, p.scanner, p.status, p.message])).toEqual([
      ["server", "semgrep", "error", "semgrep-results.sarif is not SARIF"],
      ["ui", "trivy-fs", "unavailable", "GitLab answered 404"],
    ]);
  });
});

describe("triage table", () => {
  const titles = async (patch: Partial<SecurityPageParams>) =>
    (await queryFindingsPage(t.db, params({ perPage: 200, ...patch }), { now: NOW })).items.map((r) => r.title);

  it("lists open findings, most severe and oldest first, with state, age flag and links", async () => {
    const { items, total } = await queryFindingsPage(t.db, params(), { now: NOW });
    expect(total).toBe(7);
    expect(items.map((r) => r.title)).toEqual(["f1", "f2", "f9", "f3", "f4", "f5", "f10"]);
    const f1 = items[0];
    expect(f1).toMatchObject({ service: "server", scanner: "semgrep", severity: "CRITICAL", ageDays: 10, pastAge: true, state: "open" });
    expect(f1?.jobWebUrl).toBe(`https://gitlab.example/jobs/${semgrepJobId}`);
    const byTitle = new Map(items.map((r) => [r.title, r]));
    expect(byTitle.get("f3")).toMatchObject({ state: "false_positive", pastAge: false });
    expect(byTitle.get("f4")).toMatchObject({ state: "verified", pastAge: true });
    expect(byTitle.get("f4")?.dojoFindingUrl).toMatch(/^https:\/\/dojo\.example\/finding\/\d+$/);
    expect(byTitle.get("f5")?.sonarIssueUrl).toContain("open=AX-5");
  });

  it("filters by service, scanner, severity and state", async () => {
    expect(await titles({ service: "server", severity: "HIGH" })).toEqual(["f3", "f4"]);
    expect(await titles({ state: "open" })).toEqual(["f1", "f2", "f4", "f5", "f10"]);
    expect(await titles({ state: "false_positive" })).toEqual(["f3"]);
    expect(await titles({ scanner: "trivy-image" })).toEqual(["f9", "f3", "f4"]);
    expect(await titles({ scanner: "sonarqube" })).toEqual(["f5"]);
    expect(await titles({ service: "nope" })).toEqual([]);
  });

  it("shows a viewer only the services of their scope, whatever the URL asks for", async () => {
    const serverOnly = await getSecurityPage(t.db, params({ within: ["server"] }), { now: NOW });
    expect(serverOnly.services).toEqual(["server"]);
    expect(serverOnly.openNow.map((o) => o.service)).toEqual(["server"]);
    expect(serverOnly.trends.byService.map((s) => s.key)).toEqual(["server"]);
    expect(new Set(serverOnly.findings.items.map((f) => f.service))).toEqual(new Set(["server"]));
    expect(await titles({ within: ["ui"], service: "server" })).toEqual([]);
    expect(await titles({ within: [] })).toEqual([]);
    expect((await getSecurityPage(t.db, params({ within: [] }), { now: NOW })).trends.total.every((p) => p.total === 0)).toBe(true);
  });

  it("sorts by each column, both ways", async () => {
    expect(await titles({ sort: "age", dir: "desc" })).toEqual(["f5", "f3", "f4", "f1", "f2", "f9", "f10"]);
    expect(await titles({ sort: "age", dir: "asc" })).toEqual(["f10", "f9", "f2", "f1", "f4", "f3", "f5"]);
    expect(await titles({ sort: "severity", dir: "asc" })).toEqual(["f10", "f5", "f4", "f3", "f9", "f2", "f1"]);
    expect(await titles({ sort: "service", dir: "asc" })).toEqual(["f1", "f2", "f3", "f4", "f5", "f9", "f10"]);
    expect(await titles({ sort: "title", dir: "asc" })).toEqual(["f1", "f10", "f2", "f3", "f4", "f5", "f9"]);
    // trivy-image before semgrep; the reverse of ascending (where the most severe come first within a scanner).
    expect(await titles({ sort: "scanner", dir: "desc" })).toEqual(["f4", "f3", "f9", "f10", "f5", "f2", "f1"]);
  });

  it("pages in SQL", async () => {
    const second = await queryFindingsPage(t.db, params({ perPage: 3, page: 2 }), { now: NOW });
    expect(second.items.map((r) => r.title)).toEqual(["f3", "f4", "f5"]);
    expect(second).toMatchObject({ total: 7, page: 2, pageCount: 3 });
  });

  it("walks every filtered row in batches for the CSV, in table order", async () => {
    for (const sort of ["severity", "age", "service", "scanner", "title", "lastSeen"] as const) {
      for (const dir of ["asc", "desc"] as const) {
        const walked: string[] = [];
        for await (const batch of findingBatches(t.db, params({ sort, dir }), { now: NOW, batchSize: 2 })) {
          expect(batch.length).toBeLessThanOrEqual(2);
          walked.push(...batch.map((r) => r.title));
        }
        expect(walked, `${sort} ${dir}`).toEqual(await titles({ sort, dir }));
      }
    }
  });
});

describe("CSV", () => {
  it("quotes cells and defuses formulas", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvCell("=HYPERLINK(\"http://evil\")")).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-cmd")).toBe("'-cmd");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell(-3)).toBe("-3");
    expect(csvCell(null)).toBe("");
    expect(findingsCsvFileName(NOW)).toBe("stageboard-findings-2026-11-20.csv");
  });

  it("writes a finding as one line in header order", async () => {
    const [f1] = (await queryFindingsPage(t.db, params({ perPage: 1 }), { now: NOW })).items;
    if (!f1) throw new Error("no row");
    const line = findingCsvLine({ ...f1, title: "=cmd|' /C calc'!A0, bad" });
    expect(line.endsWith("\r\n")).toBe(true);
    const cells = line.slice(0, -2).split(",");
    expect(cells.slice(0, 3)).toEqual(["server", "semgrep", "CRITICAL"]);
    expect(cells[3]).toBe("\"'=cmd|' /C calc'!A0");
    expect(FINDINGS_CSV_HEADER[9]).toBe("past_age");
    expect(cells.at(-1)).toBe(`https://gitlab.example/jobs/${semgrepJobId}`);
  });
});
