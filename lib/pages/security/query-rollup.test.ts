import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEVERITIES } from "@/lib/domain/cwiq";
import { Prisma, type Db } from "@/lib/platform/db/client";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { DEFAULT_PARAMS } from "./url";
import { findingBatches, queryFindingsPage, querySecuritySummary } from "./query";
import type { SecurityPageParams } from "./types";

/*
 * /security reads time to remediate from the per-day rollup `finding_fix_day` and the triage table's
 * default order from one index range per severity. Both must give exactly what the straightforward
 * statements over `finding` give, whatever writes the findings went through: here a hand-built history
 * is written, rewritten (first seen moved back, severity changed, reopened, fixed again, SonarQube
 * linked, deleted), and after every step compared with those statements.
 */

const NOW = new Date("2026-11-20T12:00:00.000Z");
const HOUR = 3_600_000;
const at = (hoursAgo: number) => new Date(NOW.getTime() - hoursAgo * HOUR);

let t: TestDatabase;
let server = 0;
let ui = 0;
let fingerprint = 0;

async function addFinding(
  db: Db,
  f: { service: number; severity: string; tool?: string; firstSeen: Date; fixedAt?: Date | null; sonar?: boolean; dojoState?: string },
): Promise<bigint> {
  fingerprint += 1;
  const row = await db.finding.create({
    data: {
      serviceId: f.service,
      tool: f.tool ?? "semgrep",
      fingerprint: `fp-${fingerprint}`,
      category: "code",
      ruleId: `rule-${fingerprint}`,
      severity: f.severity,
      title: `finding ${fingerprint}`,
      location: `src/f${fingerprint}.py:1`,
      links: [],
      firstSeenAt: f.firstSeen,
      lastSeenAt: f.firstSeen,
      firstPipelineId: 1n,
      lastPipelineId: 1n,
      lastJobId: 1n,
      open: !f.fixedAt,
      fixedAt: f.fixedAt ?? null,
      sonarIssueKey: f.sonar ? `issue-${fingerprint}` : null,
      dojoState: f.dojoState ?? null,
    },
  });
  return row.id;
}

/** The time to remediate as the page computed it before the rollup: avg over the fixed findings. */
async function straightforwardMttr(db: Db, params: SecurityPageParams) {
  const from = new Date(Date.parse(NOW.toISOString().slice(0, 10)) - (params.period - 1) * 86_400_000);
  const service = params.service ? Prisma.sql`AND f.service_id = (SELECT id FROM service WHERE name = ${params.service})` : Prisma.empty;
  const scanner =
    params.scanner === undefined
      ? Prisma.empty
      : params.scanner === "sonarqube"
        ? Prisma.sql`AND f.sonar_issue_key IS NOT NULL`
        : Prisma.sql`AND f.tool = ${params.scanner}`;
  const rows = await db.$queryRaw<{ severity: string; fixed: number; hours: number | null }[]>`
    SELECT f.severity, count(*)::int AS fixed, (extract(epoch FROM avg(f.fixed_at - f.first_seen_at)) / 3600)::float8 AS hours
    FROM finding f
    WHERE f.fixed_at >= ${from} AND f.fixed_at <= ${NOW} ${service} ${scanner}
    GROUP BY f.severity`;
  const bySeverity = new Map(rows.map((r) => [r.severity, r]));
  return SEVERITIES.map((severity) => ({ severity, fixed: bySeverity.get(severity)?.fixed ?? 0, meanHours: bySeverity.get(severity)?.hours ?? null }));
}

const SCOPES: Partial<SecurityPageParams>[] = [
  {},
  { period: 7 },
  { period: 90 },
  { service: "ui" },
  { scanner: "trivy-image" },
  { scanner: "sonarqube" },
  { service: "server", scanner: "semgrep", period: 7 },
];

async function expectMttrAsStraightforward(db: Db) {
  for (const scope of SCOPES) {
    const params = { ...DEFAULT_PARAMS, ...scope };
    const { mttr } = await querySecuritySummary(db, params, { now: NOW });
    expect({ scope, mttr }).toEqual({ scope, mttr: await straightforwardMttr(db, params) });
  }
}

beforeAll(async () => {
  t = await createTestDatabase();
  server = (await t.db.service.create({ data: { name: "server", projectRef: "cwiq/server" } })).id;
  ui = (await t.db.service.create({ data: { name: "ui", projectRef: "cwiq/ui" } })).id;
});

afterAll(async () => {
  await t?.drop();
});

describe("time to remediate from the per-day rollup", () => {
  const ids: bigint[] = [];

  it("equals avg over the findings for a history with odd intervals, day edges and a clock mid-day", async () => {
    const db = t.db;
    const specs = [
      // Over the period: days, sub-second remainders, intervals longer than a day.
      ...Array.from({ length: 40 }, (_, i) => ({
        service: i % 3 === 0 ? ui : server,
        severity: SEVERITIES[i % SEVERITIES.length]!,
        tool: ["semgrep", "trivy-fs", "trivy-image"][i % 3],
        firstSeen: new Date(at(24 * 40 + i * 7).getTime() - (i * 1_237) % 1000),
        fixedAt: new Date(at(i * 17.5).getTime() + (i * 389) % 1000),
        sonar: i % 4 === 0,
      })),
      // Exactly at the start of the 30-day period (counted), a millisecond before it (not).
      { service: server, severity: "HIGH", firstSeen: at(24 * 60), fixedAt: new Date("2026-10-22T00:00:00.000Z") },
      { service: server, severity: "HIGH", firstSeen: at(24 * 60), fixedAt: new Date("2026-10-21T23:59:59.999Z") },
      // Today: before now (counted), at now (counted), after now (not yet: a test's clock), tomorrow.
      { service: server, severity: "CRITICAL", firstSeen: at(50), fixedAt: at(1) },
      { service: ui, severity: "CRITICAL", firstSeen: at(49.5), fixedAt: NOW },
      { service: server, severity: "CRITICAL", firstSeen: at(30), fixedAt: new Date(NOW.getTime() + 1) },
      { service: server, severity: "LOW", firstSeen: at(30), fixedAt: at(-20) },
      // Open.
      { service: server, severity: "HIGH", firstSeen: at(100), fixedAt: null },
    ];
    for (const spec of specs) ids.push(await addFinding(db, spec));
    expect((await querySecuritySummary(db, { ...DEFAULT_PARAMS }, { now: NOW })).mttr.find((m) => m.severity === "CRITICAL")?.fixed).toBeGreaterThan(2);
    await expectMttrAsStraightforward(db);
  });

  it("follows findings as the sync rewrites them", async () => {
    const db = t.db;
    // An older report arrives: first seen moves back.
    await db.finding.updateMany({ where: { id: { in: ids.slice(0, 10) } }, data: { firstSeenAt: at(24 * 80) } });
    await expectMttrAsStraightforward(db);
    // The newest run describes a finding differently.
    await db.finding.update({ where: { id: ids[11]! }, data: { severity: "CRITICAL" } });
    // Back in the latest main report: open again; then fixed by a later run.
    await db.finding.update({ where: { id: ids[12]! }, data: { open: true, fixedAt: null } });
    await db.finding.update({ where: { id: ids[13]! }, data: { fixedAt: at(2) } });
    // Linked to a SonarQube issue; triaged in DefectDojo (no effect on the rollup).
    await db.finding.update({ where: { id: ids[14]! }, data: { sonarIssueKey: "issue-late" } });
    await db.finding.updateMany({ where: { id: { in: ids.slice(15, 20) } }, data: { dojoState: "risk_accepted", lastSeenAt: NOW } });
    await expectMttrAsStraightforward(db);
    // The sync's own bulk statement: several findings fixed at once, one moved to another day.
    await db.$executeRaw`
      UPDATE finding SET fixed_at = CASE WHEN id % 2 = 0 THEN fixed_at - interval '3 days 5 hours' ELSE fixed_at + interval '90 minutes' END
      WHERE fixed_at IS NOT NULL AND id = ANY(${ids.slice(20, 30).map(String)}::bigint[])`;
    await expectMttrAsStraightforward(db);
    // Deleted (a pipeline or service going).
    await db.finding.deleteMany({ where: { id: { in: ids.slice(30, 36) } } });
    await expectMttrAsStraightforward(db);
    await db.service.delete({ where: { id: ui } });
    await expectMttrAsStraightforward(db);
  });

  it("keeps nothing for findings that are all gone", async () => {
    const db = t.db;
    await db.finding.deleteMany({});
    const left = await db.$queryRaw<{ fixed: bigint | null; zero: boolean }[]>`
      SELECT sum(fixed) AS fixed, coalesce(bool_and(time_to_fix = interval '0'), true) AS zero FROM finding_fix_day`;
    expect(left).toEqual([{ fixed: 0n, zero: true }]);
    expect((await querySecuritySummary(db, { ...DEFAULT_PARAMS }, { now: NOW })).mttr.every((m) => m.fixed === 0 && m.meanHours === null)).toBe(true);
  });
});

describe("triage table by severity from one index range per severity", () => {
  it("orders, pages and walks as the straightforward sort by rank", async () => {
    const db = t.db;
    const again = (await db.service.create({ data: { name: "ui", projectRef: "cwiq/ui" } })).id;
    // Ties on first seen, so the id decides; every severity, filters' columns varied.
    for (let i = 0; i < 60; i++) {
      await addFinding(db, {
        service: i % 2 ? server : again,
        severity: SEVERITIES[(i * 7) % SEVERITIES.length]!,
        tool: ["semgrep", "trivy-fs", "trivy-image"][i % 3],
        firstSeen: at(24 * (i % 9)),
        fixedAt: null,
        dojoState: i % 5 === 0 ? "false_positive" : i % 5 === 1 ? "verified" : undefined,
      });
    }
    for (const dir of ["desc", "asc"] as const) {
      for (const patch of [{}, { service: "ui" }, { scanner: "trivy-fs" as const }, { severity: "HIGH" as const }, { state: "open" as const }]) {
        const params: SecurityPageParams = { ...DEFAULT_PARAMS, ...patch, dir, perPage: 7 };
        const order = Prisma.raw(dir === "desc" ? "DESC" : "ASC");
        const against = Prisma.raw(dir === "desc" ? "ASC" : "DESC");
        const where = Prisma.sql`f.open
          ${params.service ? Prisma.sql`AND f.service_id = (SELECT id FROM service WHERE name = ${params.service})` : Prisma.empty}
          ${params.scanner ? Prisma.sql`AND f.tool = ${params.scanner}` : Prisma.empty}
          ${params.severity ? Prisma.sql`AND f.severity = ${params.severity}` : Prisma.empty}
          ${params.state ? Prisma.sql`AND (f.dojo_state IS NULL OR f.dojo_state <> ALL(ARRAY['false_positive', 'risk_accepted', 'duplicate', 'mitigated']))` : Prisma.empty}`;
        const expected = (
          await db.$queryRaw<{ id: bigint }[]>`
            SELECT f.id FROM finding f WHERE ${where}
            ORDER BY (CASE f.severity WHEN 'CRITICAL' THEN 5 WHEN 'HIGH' THEN 4 WHEN 'MEDIUM' THEN 3 WHEN 'LOW' THEN 2 ELSE 1 END) ${order},
                     f.first_seen_at ${against}, f.id ${order}`
        ).map((r) => Number(r.id));
        expect(expected.length).toBeGreaterThan(3);
        const paged: number[] = [];
        for (let page = 1; page <= Math.ceil(expected.length / 7); page++) {
          paged.push(...(await queryFindingsPage(db, { ...params, page }, { now: NOW })).items.map((r) => r.id));
        }
        const walked: number[] = [];
        for await (const batch of findingBatches(db, params, { now: NOW, batchSize: 4 })) walked.push(...batch.map((r) => r.id));
        expect({ patch, dir, paged }).toEqual({ patch, dir, paged: expected });
        expect({ patch, dir, walked }).toEqual({ patch, dir, walked: expected });
      }
    }
  });
});
