import { alertKey, type AlertLink, type Condition } from "@/lib/domain/alerts";
import { SEVERITIES } from "@/lib/domain/cwiq";
import { DAY_MS } from "@/lib/domain/time";
import { pipelineLinks, verdict, type RuleEvaluator } from "./context";

/*
 * Security's rules: a critical or high finding a main run introduced (new against the previous main
 * run, lib/ingest/store/scan-compare.ts), open findings near or past their age limit
 * (FINDING_MAX_AGE_DAYS, as /security counts them), and a failed SonarQube quality gate on main.
 */

interface FindingRow {
  service: string;
  id: bigint;
  tool: string;
  fingerprint: string;
  severity: string;
  title: string;
  location: string;
  ruleId: string;
  dojoUrl: string | null;
  sonarUrl: string | null;
  links: string[];
  firstSeenAt: Date;
}

function findingLinks(f: FindingRow): AlertLink[] {
  return [
    { label: "Findings in Stageboard", url: `/security?service=${encodeURIComponent(f.service)}`, kind: "stageboard" },
    ...(f.dojoUrl ? [{ label: "DefectDojo finding", url: f.dojoUrl, kind: "defectdojo" as const }] : []),
    ...(f.sonarUrl ? [{ label: "SonarQube issue", url: f.sonarUrl, kind: "sonarqube" as const }] : []),
  ];
}

const FINDING_COLUMNS = `s.name AS service, f.id, f.tool, f.fingerprint, f.severity, f.title, f.location, f.rule_id AS "ruleId",
  f.dojo_finding_url AS "dojoUrl", f.sonar_issue_url AS "sonarUrl", f.links, f.first_seen_at AS "firstSeenAt"`;

/**
 * An open critical or high finding whose first main appearance was new against the main run before it.
 * It fires when that run's report is read and clears when a main run no longer has it (fixed).
 */
export const newCriticalFinding: RuleEvaluator = async (ctx) => {
  const rows = await ctx.db.$queryRawUnsafe<Array<FindingRow & { pipelineId: bigint; pipelineUrl: string; at: Date; fixedAt: Date | null }>>(`
    SELECT ${FINDING_COLUMNS}, n.pipeline_id AS "pipelineId", p.web_url AS "pipelineUrl", coalesce(p.finished_at, p.updated_at) AS at, NULL AS "fixedAt"
    FROM finding f
    JOIN service s ON s.id = f.service_id
    JOIN LATERAL (
      SELECT r.pipeline_id FROM finding_occurrence o JOIN scan_report r ON r.id = o.report_id
      WHERE o.finding_id = f.id AND o.is_new AND r.ref_kind = 'MAIN'
      ORDER BY r.pipeline_created_at DESC LIMIT 1
    ) n ON true
    JOIN pipeline p ON p.id = n.pipeline_id
    WHERE f.open AND f.severity IN ('CRITICAL', 'HIGH')`);
  const conditions: Condition[] = rows.map((f) => ({
    rule: "new_critical_finding",
    service: f.service,
    subject: `${f.tool}:${f.fingerprint}`,
    title: `${f.service}: new ${f.severity.toLowerCase()} ${f.tool} finding on main: ${f.title}`.slice(0, 300),
    eventAt: f.at,
    detail: {
      message: `${f.title} (${f.ruleId}) at ${f.location}, new in main pipeline #${f.pipelineId}.`,
      facts: [
        { name: "Severity", value: f.severity },
        { name: "Scanner", value: f.tool },
        { name: "Rule", value: f.ruleId },
        { name: "Where", value: f.location },
      ],
      links: [...findingLinks(f), ...pipelineLinks(f.pipelineId, f.pipelineUrl)],
    },
  }));
  // Clears when fixed on main, at the fixing run.
  const fixed = await ctx.db.$queryRaw<Array<{ service: string; tool: string; fingerprint: string; fixedAt: Date }>>`
    SELECT s.name AS service, f.tool, f.fingerprint, f.fixed_at AS "fixedAt" FROM finding f JOIN service s ON s.id = f.service_id
    WHERE NOT f.open AND f.fixed_at IS NOT NULL AND f.severity IN ('CRITICAL', 'HIGH')
      AND EXISTS (SELECT 1 FROM alert a WHERE a.state = 'firing' AND a.rule = 'new_critical_finding' AND a.service = s.name AND a.subject = f.tool || ':' || f.fingerprint)`;
  const clearedAt = new Map(fixed.map((f) => [alertKey("new_critical_finding", f.service, `${f.tool}:${f.fingerprint}`), f.fixedAt]));
  return verdict("new_critical_finding", ctx, { conditions, clearedAt });
};

/** Open findings of a severity with an age limit, near it (`near`) or past it. */
function findingAge(near: boolean): RuleEvaluator {
  const rule = near ? "finding_age_near" : "finding_age_passed";
  return async (ctx) => {
    const conditions: Condition[] = [];
    for (const severity of SEVERITIES) {
      const days = ctx.findingMaxAgeDays[severity];
      if (days === undefined) continue;
      const limit = new Date(ctx.now.getTime() - days * DAY_MS);
      const warn = new Date(limit.getTime() + ctx.thresholds.findingAgeWarnDays * DAY_MS);
      // near: first seen in (limit, warn]; passed: first seen at or before limit.
      const rows = near
        ? await ctx.db.$queryRawUnsafe<FindingRow[]>(
            `SELECT ${FINDING_COLUMNS} FROM finding f JOIN service s ON s.id = f.service_id
             WHERE f.open AND f.severity = $1 AND f.first_seen_at > $2 AND f.first_seen_at <= $3`,
            severity, limit, warn)
        : await ctx.db.$queryRawUnsafe<FindingRow[]>(
            `SELECT ${FINDING_COLUMNS} FROM finding f JOIN service s ON s.id = f.service_id
             WHERE f.open AND f.severity = $1 AND f.first_seen_at <= $2`,
            severity, limit);
      for (const f of rows) {
        const deadline = new Date(f.firstSeenAt.getTime() + days * DAY_MS);
        conditions.push({
          rule,
          service: f.service,
          subject: `${f.tool}:${f.fingerprint}`,
          title: `${f.service}: ${f.severity.toLowerCase()} finding ${near ? "reaches" : "passed"} its ${days}-day limit: ${f.title}`.slice(0, 300),
          // The moment it became true: the warning day, or the deadline.
          eventAt: near ? new Date(deadline.getTime() - ctx.thresholds.findingAgeWarnDays * DAY_MS) : deadline,
          detail: {
            message: `${f.title} (${f.tool}, ${f.location}) has been open since ${f.firstSeenAt.toISOString().slice(0, 10)}; its limit is ${days} days (${deadline.toISOString().slice(0, 10)}).`,
            facts: [{ name: "Severity", value: f.severity }, { name: "Scanner", value: f.tool }, { name: "Limit", value: `${days} days` }],
            links: findingLinks(f),
          },
        });
      }
    }
    return verdict(rule, ctx, { conditions });
  };
}

export const findingAgeNear = findingAge(true);
export const findingAgePassed = findingAge(false);

/** The latest main analysis of each service in SonarQube failed its quality gate; the next one that passes clears. */
export const qualityGateFailed: RuleEvaluator = async (ctx) => {
  const rows = await ctx.db.$queryRaw<Array<{ service: string; pipelineId: bigint; webUrl: string; gate: string; failed: string[]; dashboardUrl: string; at: Date }>>`
    SELECT DISTINCT ON (a.service_id) s.name AS service, a.pipeline_id AS "pipelineId", p.web_url AS "webUrl", a.quality_gate AS gate,
           a.failed_conditions AS failed, a.dashboard_url AS "dashboardUrl", coalesce(a.analysed_at, a.checked_at) AS at
    FROM sonar_analysis a JOIN pipeline p ON p.id = a.pipeline_id JOIN service s ON s.id = a.service_id
    WHERE a.status = 'found' AND a.quality_gate IN ('OK', 'WARN', 'ERROR')
    ORDER BY a.service_id, p.created_at DESC, p.id DESC`;
  const conditions: Condition[] = rows
    .filter((r) => r.gate === "ERROR")
    .map((r) => ({
      rule: "quality_gate_failed",
      service: r.service,
      subject: "main",
      title: `${r.service}: SonarQube quality gate failed on main`,
      eventAt: r.at,
      detail: {
        message: `The SonarQube analysis of main pipeline #${r.pipelineId} failed its quality gate${r.failed.length ? `: ${r.failed.join("; ")}` : ""}.`,
        facts: r.failed.slice(0, 5).map((c) => ({ name: "Condition", value: c })),
        links: [{ label: "SonarQube dashboard", url: r.dashboardUrl, kind: "sonarqube" as const }, ...pipelineLinks(r.pipelineId, r.webUrl)],
      },
    }));
  const clearedAt = new Map(rows.filter((r) => r.gate !== "ERROR").map((r) => [alertKey("quality_gate_failed", r.service, "main"), r.at]));
  return verdict("quality_gate_failed", ctx, { conditions, clearedAt });
};
