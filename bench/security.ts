import type { Db } from "@/lib/platform/db/client";
import { DEFAULT_SERVICES } from "@/lib/platform/config";
import { DEFAULT_PARAMS } from "@/lib/pages/security/url";
import { getSecurityPage, queryFindingsPage, querySecurityTrends } from "@/lib/pages/security/query";
import { percentile, report, timeRuns } from "./stats";

/*
 * The security page against a million findings: bulk-inserted with generate_series (the sync
 * would take hours to produce as many), spread over the services and the three artifact scanners,
 * each with an occurrence in one of ~90 days of main scan reports (two main runs a day).
 */

const FINDINGS = 1_000_000;
const DAYS = 90;
const RUNS_PER_DAY = 2;
const TOOLS = ["semgrep", "trivy-fs", "trivy-image"];
/** Far above GitLab ids the sync stored, so the synthetic pipelines and jobs never collide with them. */
const ID_BASE = 9_000_000_000;

async function load(db: Db): Promise<void> {
  for (const name of DEFAULT_SERVICES) {
    await db.$executeRaw`INSERT INTO service (name, project_ref) VALUES (${name}, ${`cwiq/${name}`}) ON CONFLICT (name) DO NOTHING`;
  }
  const serviceIds = (await db.$queryRaw<{ id: number }[]>`SELECT id FROM service ORDER BY id`).map((s) => s.id);
  const runs = DAYS * RUNS_PER_DAY;
  const now = new Date();

  // Main pipelines every 12 hours per service; pipeline id = base + service * 1000 + run.
  await db.$executeRaw`
    INSERT INTO pipeline (id, iid, service_id, ref, ref_kind, sha, source, status, created_at, updated_at, web_url)
    SELECT ${ID_BASE}::bigint + s * 1000 + n, n + 1, s, 'main', 'MAIN', md5(s::text || '-' || n::text) || '00000000', 'push', 'success',
           ${now}::timestamptz - (${runs} - n) * interval '12 hours', ${now}::timestamptz - (${runs} - n) * interval '12 hours',
           'https://gitlab.example/bench/-/pipelines/' || n
    FROM unnest(${serviceIds}::int[]) AS s, generate_series(0, ${runs - 1}) AS n`;
  // One scan job per tool; job id = pipeline id * 4 + tool index.
  await db.$executeRaw`
    INSERT INTO job (id, pipeline_id, service_id, stage, name, status, allow_failure, created_at, web_url)
    SELECT p.id * 4 + k, p.id, p.service_id, 'scan', (${TOOLS}::text[])[k + 1] || '-scan', 'success', false, p.created_at,
           'https://gitlab.example/bench/-/jobs/' || (p.id * 4 + k)
    FROM pipeline p, generate_series(0, 2) AS k
    WHERE p.id >= ${ID_BASE}::bigint`;
  // Reports: every 30th unreadable, counts wandering with the run.
  await db.$executeRaw`
    INSERT INTO scan_report (job_id, pipeline_id, service_id, pipeline_created_at, ref_kind, tool, artifact, status,
                             critical, high, medium, low, info, total)
    SELECT j.id, j.pipeline_id, j.service_id, j.created_at, 'MAIN', (${TOOLS}::text[])[(j.id % 4)::int + 1],
           (${TOOLS}::text[])[(j.id % 4)::int + 1] || '-results', CASE WHEN j.id % 30 = 0 THEN 'error' ELSE 'ok' END,
           (j.id % 7)::int, 20 + (j.id % 40)::int, 100 + (j.id % 90)::int, 300 + (j.id % 200)::int, 50, 0
    FROM job j
    WHERE j.pipeline_id >= ${ID_BASE}::bigint`;
  // A million findings: 3% critical, 12% high; 10% open, most of the rest fixed.
  await db.$executeRaw`
    INSERT INTO finding (service_id, tool, fingerprint, category, rule_id, severity, title, location, links,
                         first_seen_at, last_seen_at, first_pipeline_id, last_pipeline_id, last_job_id, open, fixed_at,
                         dojo_finding_id, dojo_finding_url, dojo_state)
    SELECT v.service_id, v.tool, 'bench-' || v.i, 'vulnerability', 'CVE-2026-' || (v.i % 50000), v.severity,
           'Finding ' || v.i || ' in package-' || (v.i % 997), 'requirements.txt:' || (v.i % 300), '{}',
           v.first_seen, COALESCE(v.fixed_at, ${now}::timestamptz), v.pipeline_id, v.pipeline_id, v.pipeline_id * 4 + v.k,
           v.open, v.fixed_at,
           CASE WHEN v.k = 2 THEN v.i END, CASE WHEN v.k = 2 THEN 'https://dojo.example/finding/' || v.i END,
           CASE WHEN v.k = 2 THEN (ARRAY['active', 'active', 'active', 'verified', 'false_positive', 'risk_accepted', 'duplicate'])[(v.i % 7) + 1] END
    FROM (
      SELECT i, (${serviceIds}::int[])[1 + i % ${serviceIds.length}] AS service_id, (i / ${serviceIds.length}) % 3 AS k,
             (${TOOLS}::text[])[1 + (i / ${serviceIds.length}) % 3] AS tool,
             CASE WHEN i % 100 < 3 THEN 'CRITICAL' WHEN i % 100 < 15 THEN 'HIGH' WHEN i % 100 < 45 THEN 'MEDIUM' WHEN i % 100 < 80 THEN 'LOW' ELSE 'INFO' END AS severity,
             ${now}::timestamptz - ((i::bigint * 7919) % (${DAYS} * 1440)) * interval '1 minute' AS first_seen,
             i % 10 = 0 AS open,
             CASE WHEN i % 10 BETWEEN 1 AND 8
                  THEN LEAST(${now}::timestamptz, ${now}::timestamptz - ((i::bigint * 7919) % (${DAYS} * 1440)) * interval '1 minute' + (i % 500) * interval '1 hour') END AS fixed_at,
             ${ID_BASE}::bigint + (${serviceIds}::int[])[1 + i % ${serviceIds.length}] * 1000 + (i % ${runs}) AS pipeline_id
      FROM generate_series(1, ${FINDINGS}) AS i
    ) v`;
  // Each finding in the report of its last job.
  await db.$executeRaw`
    INSERT INTO finding_occurrence (report_id, finding_id)
    SELECT r.id, f.id FROM finding f JOIN scan_report r ON r.job_id = f.last_job_id
    WHERE f.fingerprint LIKE 'bench-%'`;
  // As autovacuum would leave a table after a bulk load: statistics and the visibility map (index-only scans).
  await db.$executeRaw`VACUUM ANALYZE finding`;
  await db.$executeRaw`ANALYZE`;
}

export async function benchSecurity(db: Db) {
  await load(db);
  const params = DEFAULT_PARAMS;
  const trends = await timeRuns(() => querySecurityTrends(db, params), 100);
  report("api.security_trends_p50_ms", percentile(trends, 50), "ms");
  report("api.security_trends_p95_ms", percentile(trends, 95), "ms");
  const triage = await timeRuns(() => queryFindingsPage(db, params), 100);
  report("api.security_triage_p50_ms", percentile(triage, 50), "ms");
  report("api.security_triage_p95_ms", percentile(triage, 95), "ms");
  const page = await timeRuns(() => getSecurityPage(db, params), 100);
  report("api.security_page_p95_ms", percentile(page, 95), "ms");
}
