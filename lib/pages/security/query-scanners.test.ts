import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/platform/db/client";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { DEFAULT_PARAMS } from "./url";
import { getSecurityPage, queryFindingsPage } from "./query";
import type { SecurityPageParams } from "./types";

/*
 * Scanners beyond CWIQ's three (Gitleaks, GitLab's analyzers, other SARIF) are on the page like the
 * others: in the trends by scanner, the open counts, the problems, and the scanner filter.
 */

const NOW = new Date("2026-11-20T12:00:00.000Z");
let nextId = 9000n;

async function addReport(db: Db, serviceId: number, tool: string, at: string, counts: { critical?: number; high?: number }, status = "ok"): Promise<bigint> {
  const id = nextId++;
  const createdAt = new Date(at);
  await db.pipeline.create({
    data: { id, iid: Number(id), serviceId, ref: "main", refKind: "MAIN", sha: id.toString(16).padStart(40, "b"), source: "push", status: "success", createdAt, updatedAt: createdAt, webUrl: `https://gitlab.example/p/${id}` },
  });
  await db.job.create({ data: { id, pipelineId: id, serviceId, stage: "test", name: tool, status: "success", allowFailure: true, createdAt, webUrl: `https://gitlab.example/jobs/${id}` } });
  await db.scanReport.create({
    data: { jobId: id, pipelineId: id, serviceId, pipelineCreatedAt: createdAt, refKind: "MAIN", tool, artifact: `${tool}.json`, status, message: status === "ok" ? null : "not a GitLab report", ...counts },
  });
  return id;
}

async function addFinding(db: Db, serviceId: number, tool: string, title: string, severity: string, jobId: bigint): Promise<void> {
  await db.finding.create({
    data: {
      serviceId,
      tool,
      fingerprint: `${tool}-${title}`,
      category: tool === "gitleaks" ? "secret" : "vulnerability",
      ruleId: title,
      severity,
      title,
      location: "x",
      links: [],
      firstSeenAt: new Date("2026-11-18T00:00:00Z"),
      lastSeenAt: new Date("2026-11-19T00:00:00Z"),
      firstPipelineId: jobId,
      lastPipelineId: jobId,
      lastJobId: jobId,
      open: true,
    },
  });
}

const params = (patch: Partial<SecurityPageParams> = {}): SecurityPageParams => ({ ...DEFAULT_PARAMS, period: 7, ...patch });

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  const db = t.db;
  const service = (await db.service.create({ data: { name: "api", projectRef: "team/api" } })).id;
  const leaks = await addReport(db, service, "gitleaks", "2026-11-18T08:00:00Z", { critical: 0, high: 0 });
  await db.scanReport.updateMany({ where: { jobId: leaks }, data: { medium: 2, total: 2 } });
  await addFinding(db, service, "gitleaks", "aws-access-token", "MEDIUM", leaks);
  await addFinding(db, service, "gitleaks", "github-pat", "MEDIUM", leaks);
  const container = await addReport(db, service, "gitlab-container", "2026-11-19T08:00:00Z", { critical: 1, high: 1 });
  await addFinding(db, service, "gitlab-container", "CVE-2026-0001", "CRITICAL", container);
  await addFinding(db, service, "gitlab-container", "CVE-2026-0002", "HIGH", container);
  await addReport(db, service, "gitlab-sast", "2026-11-19T09:00:00Z", {}, "error");
});

afterAll(async () => {
  await t?.drop();
});

describe("scanners beyond CWIQ's", () => {
  it("have their own trend series, counts and problems", async () => {
    const page = await getSecurityPage(t.db, params(), { now: NOW });
    expect(page.trends.byScanner.map((s) => [s.key, s.points.at(-1)?.total])).toEqual([
      ["gitleaks", 2],
      ["gitlab-container", 2],
    ]);
    expect(page.trends.total.at(-1)).toMatchObject({ CRITICAL: 1, HIGH: 1, MEDIUM: 2, total: 4 });
    expect(page.openNow).toEqual([{ service: "api", critical: 1, high: 1 }]);
    expect(page.problems.map((p) => [p.scanner, p.status, p.message])).toEqual([["gitlab-sast", "error", "not a GitLab report"]]);
  });

  it("are filters of their own", async () => {
    const page = await getSecurityPage(t.db, params({ scanner: "gitleaks" }), { now: NOW });
    expect(page.trends.total.at(-1)?.total).toBe(2);
    expect(page.openNow).toEqual([{ service: "api", critical: 0, high: 0 }]);
    const rows = await queryFindingsPage(t.db, params({ scanner: "gitlab-container" }), { now: NOW });
    expect(rows.items.map((r) => [r.scanner, r.title])).toEqual([
      ["gitlab-container", "CVE-2026-0001"],
      ["gitlab-container", "CVE-2026-0002"],
    ]);
  });
});
