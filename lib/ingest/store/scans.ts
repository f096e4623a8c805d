import type { ArtifactTool } from "@/lib/domain/cwiq";
import type { Db } from "@/lib/platform/db/client";
import type { ArtifactResult, NormalizedFinding } from "@/lib/upstream/artifacts";

/*
 * Writes one fetched artifact: its scan report row, and for a scan the findings (one row per
 * service, tool and fingerprint, first/last seen widened) and which of them this report had.
 * A report is written once per (job, artifact); only a report in `error` is replaced by a later fetch.
 */

export interface PendingArtifact {
  jobId: bigint;
  pipelineId: bigint;
  serviceId: number;
  pipelineCreatedAt: Date;
  refKind: string;
  artifact: string;
  tool: ArtifactTool;
}

export type FetchedArtifact =
  | { status: "parsed"; result: ArtifactResult }
  | { status: "unavailable"; message: string };

const ids = (values: readonly bigint[]) => values.map(String);

function counts(result: ArtifactResult | null) {
  if (result?.status !== "ok" || result.kind !== "scan") return { critical: 0, high: 0, medium: 0, low: 0, info: 0, total: 0 };
  const c = result.countsBySeverity;
  return { critical: c.CRITICAL, high: c.HIGH, medium: c.MEDIUM, low: c.LOW, info: c.INFO, total: result.findings.length };
}

/** The same fingerprint twice in one report counts once (Trivy lists a CVE per target, for instance). */
function uniqueFindings(findings: readonly NormalizedFinding[]): NormalizedFinding[] {
  const byFingerprint = new Map<string, NormalizedFinding>();
  for (const finding of findings) if (!byFingerprint.has(finding.fingerprint)) byFingerprint.set(finding.fingerprint, finding);
  return [...byFingerprint.values()];
}

export async function storeArtifact(db: Db, pending: PendingArtifact, fetched: FetchedArtifact): Promise<void> {
  const result = fetched.status === "parsed" ? fetched.result : null;
  const status = result === null ? "unavailable" : result.status;
  const message = fetched.status === "unavailable" ? fetched.message : fetched.result.status === "error" ? fetched.result.message : null;
  const c = counts(result);
  const lineRate = result?.status === "ok" && result.kind === "coverage" ? result.coverage.lineRate : null;

  await db.$transaction(async (tx) => {
    const inserted = await tx.$queryRaw<{ id: bigint }[]>`
      INSERT INTO scan_report (job_id, pipeline_id, service_id, pipeline_created_at, ref_kind, tool, artifact, status, message,
        critical, high, medium, low, info, total, line_rate)
      VALUES (${pending.jobId}, ${pending.pipelineId}, ${pending.serviceId}, ${pending.pipelineCreatedAt},
        ${pending.refKind}::"RefKind", ${pending.tool}, ${pending.artifact}, ${status}, ${message},
        ${c.critical}, ${c.high}, ${c.medium}, ${c.low}, ${c.info}, ${c.total}, ${lineRate})
      ON CONFLICT (job_id, artifact) DO UPDATE SET
        status = EXCLUDED.status, message = EXCLUDED.message, critical = EXCLUDED.critical, high = EXCLUDED.high,
        medium = EXCLUDED.medium, low = EXCLUDED.low, info = EXCLUDED.info, total = EXCLUDED.total,
        line_rate = EXCLUDED.line_rate, attempts = scan_report.attempts + 1, fetched_at = now()
      -- only a broken report is fetched again; anything else is final
      WHERE scan_report.status = 'error'
      RETURNING id`;
    const reportId = inserted[0]?.id;
    if (reportId === undefined || !result || result.status !== "ok") return;

    if (result.kind === "dotenv" && result.dotenv.imageTag !== null) {
      await tx.$executeRaw`UPDATE pipeline SET image_tag = ${result.dotenv.imageTag} WHERE id = ${pending.pipelineId}`;
    }
    if (result.kind !== "scan") return;
    const findings = uniqueFindings(result.findings);
    if (findings.length === 0) return;

    const seen = pending.pipelineCreatedAt.toISOString();
    const rows = await tx.$queryRaw<{ id: bigint }[]>`
      INSERT INTO finding (service_id, tool, fingerprint, category, rule_id, severity, title, location, file, line,
        package_name, installed_version, fixed_version, links, first_seen_at, last_seen_at, first_pipeline_id,
        last_pipeline_id, last_job_id)
      SELECT ${pending.serviceId}, u.tool, u.fingerprint, u.category, u.rule_id, u.severity, u.title, u.location, u.file,
        u.line, u.package_name, u.installed_version, u.fixed_version,
        CASE WHEN u.links = '' THEN ARRAY[]::text[] ELSE string_to_array(u.links, E'\\n') END,
        ${seen}::timestamptz, ${seen}::timestamptz, ${pending.pipelineId}, ${pending.pipelineId}, ${pending.jobId}
      FROM unnest(
        ${findings.map((f) => f.tool)}::text[], ${findings.map((f) => f.fingerprint)}::text[],
        ${findings.map((f) => f.category)}::text[], ${findings.map((f) => f.ruleId)}::text[],
        ${findings.map((f) => f.severity)}::text[], ${findings.map((f) => f.title)}::text[],
        ${findings.map((f) => f.location)}::text[], ${findings.map((f) => f.file)}::text[],
        ${findings.map((f) => f.line)}::int[], ${findings.map((f) => f.packageName)}::text[],
        ${findings.map((f) => f.installedVersion)}::text[], ${findings.map((f) => f.fixedVersion)}::text[],
        ${findings.map((f) => f.links.join("\n"))}::text[]
      ) AS u(tool, fingerprint, category, rule_id, severity, title, location, file, line, package_name,
        installed_version, fixed_version, links)
      ON CONFLICT (service_id, tool, fingerprint) DO UPDATE SET
        first_pipeline_id = CASE WHEN EXCLUDED.first_seen_at < finding.first_seen_at THEN EXCLUDED.first_pipeline_id ELSE finding.first_pipeline_id END,
        first_seen_at = LEAST(finding.first_seen_at, EXCLUDED.first_seen_at),
        -- the newest run describes the finding (severity, line, versions may change)
        category = CASE WHEN EXCLUDED.last_seen_at >= finding.last_seen_at THEN EXCLUDED.category ELSE finding.category END,
        severity = CASE WHEN EXCLUDED.last_seen_at >= finding.last_seen_at THEN EXCLUDED.severity ELSE finding.severity END,
        title = CASE WHEN EXCLUDED.last_seen_at >= finding.last_seen_at THEN EXCLUDED.title ELSE finding.title END,
        location = CASE WHEN EXCLUDED.last_seen_at >= finding.last_seen_at THEN EXCLUDED.location ELSE finding.location END,
        line = CASE WHEN EXCLUDED.last_seen_at >= finding.last_seen_at THEN EXCLUDED.line ELSE finding.line END,
        fixed_version = CASE WHEN EXCLUDED.last_seen_at >= finding.last_seen_at THEN EXCLUDED.fixed_version ELSE finding.fixed_version END,
        last_pipeline_id = CASE WHEN EXCLUDED.last_seen_at >= finding.last_seen_at THEN EXCLUDED.last_pipeline_id ELSE finding.last_pipeline_id END,
        last_job_id = CASE WHEN EXCLUDED.last_seen_at >= finding.last_seen_at THEN EXCLUDED.last_job_id ELSE finding.last_job_id END,
        last_seen_at = GREATEST(finding.last_seen_at, EXCLUDED.last_seen_at)
      RETURNING id`;
    await tx.$executeRaw`
      INSERT INTO finding_occurrence (report_id, finding_id)
      SELECT ${reportId}, unnest(${ids(rows.map((r) => r.id))}::bigint[])
      ON CONFLICT DO NOTHING`;
  });
}
