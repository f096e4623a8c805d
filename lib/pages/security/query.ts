import "server-only";
import { DEFAULT_FINDING_MAX_AGE_DAYS } from "@/lib/platform/config";
import { Prisma, type Db } from "@/lib/platform/db/client";
import { SEVERITIES, emptySeverityCounts, type Severity } from "@/lib/domain/cwiq";
import { dayKey, dayRange } from "@/lib/domain/metrics";
import { DAY_MS } from "@/lib/domain/time";
import {
  ARTIFACT_SCANNERS,
  TRIAGED_AWAY,
  type ArtifactProblem,
  type FindingMaxAgeDays,
  type FindingRow,
  type FindingState,
  type SecurityPageData,
  type SecurityPageParams,
  type SortKey,
  type TrendPoint,
  type TrendSeries,
} from "./types";

/*
 * Everything `/security` shows, in a handful of statements run concurrently.
 *
 * - Trends: per UTC day of the period and severity, the sum over (service, scanner) pairs of the
 *   latest ok main report as of the day's end — a level carried forward over days without a main
 *   run (and from before the period), never a sum of runs. Artifact scanners read `scan_report`,
 *   SonarQube its analyses of main pipelines (`sonar_analysis`, status found), DefectDojo the active
 *   counts of its tests (`defectdojo_test.counts`; shown apart, as it re-imports Trivy image).
 * - "Open" on this page: in the latest main report of its tool (`finding.open`) and not triaged
 *   away in DefectDojo (false positive, risk accepted, duplicate, mitigated).
 * - MTTR: findings whose `fixed_at` falls in the period; time from first seen to fixed (whole days
 *   read from the per-day rollup `finding_fix_day`).
 * - Triage table: findings in the latest main report, whatever their triage unless a state is
 *   asked for; filtered, sorted and paginated in SQL.
 * Service and scanner filters apply everywhere; severity and state to the table only.
 */

const HOUR_S = 3_600;
/** Rows per statement when the CSV export walks all filtered rows. */
export const CSV_BATCH = 2_000;

export interface SecurityQueryOptions {
  /** The clock, for tests. */
  now?: Date;
  /** Past-age thresholds; the configured ones in the app. */
  maxAgeDays?: FindingMaxAgeDays;
}

const SEVERITY_RANK = Prisma.sql`(CASE f.severity WHEN 'CRITICAL' THEN 5 WHEN 'HIGH' THEN 4 WHEN 'MEDIUM' THEN 3 WHEN 'LOW' THEN 2 ELSE 1 END)`;
const NOT_TRIAGED_AWAY = Prisma.sql`(f.dojo_state IS NULL OR f.dojo_state <> ALL(${[...TRIAGED_AWAY]}::text[]))`;

function periodStart(now: Date, days: number): Date {
  return new Date(Date.parse(dayKey(now)) - (days - 1) * DAY_MS);
}

/** The viewer's services (`within`) and the chosen one, as a condition on the service named by `column`. */
function servicesCondition(params: SecurityPageParams, column: Prisma.Sql): Prisma.Sql {
  const chosen = params.service ? Prisma.sql`AND ${column} = ${params.service}` : Prisma.empty;
  const within = params.within ? Prisma.sql`AND ${column} = ANY(${[...params.within]}::text[])` : Prisma.empty;
  return Prisma.sql`${chosen} ${within}`;
}

/** Service and scanner filters on `finding f`, or on `finding_fix_day d` (whose `sonar` is f's SonarQube link). */
function scopeFilter(params: SecurityPageParams, on: "f" | "d" = "f"): Prisma.Sql {
  const t = Prisma.raw(on);
  const service =
    params.service || params.within
      ? Prisma.sql`AND ${t}.service_id IN (SELECT id FROM service WHERE true ${servicesCondition(params, Prisma.sql`name`)})`
      : Prisma.empty;
  const scanner =
    params.scanner === undefined
      ? Prisma.empty
      : params.scanner === "sonarqube"
        ? on === "f"
          ? Prisma.sql`AND f.sonar_issue_key IS NOT NULL`
          : Prisma.sql`AND d.sonar`
        : Prisma.sql`AND ${t}.tool = ${params.scanner}`;
  return Prisma.sql`${service} ${scanner}`;
}

/** Everything the triage table and the CSV filter on. */
function tableWhere(params: SecurityPageParams): Prisma.Sql {
  const severity = params.severity ? Prisma.sql`AND f.severity = ${params.severity}` : Prisma.empty;
  const state =
    params.state === undefined
      ? Prisma.empty
      : params.state === "open"
        ? Prisma.sql`AND ${NOT_TRIAGED_AWAY}`
        : Prisma.sql`AND f.dojo_state = ${params.state}`;
  return Prisma.sql`f.open ${scopeFilter(params)} ${severity} ${state}`;
}

export function rowState(dojoState: string | null): FindingState {
  const triaged = [...TRIAGED_AWAY, "verified"] as const;
  return triaged.find((s) => s === dojoState) ?? "open";
}

const isSeverity = (value: string): value is Severity => (SEVERITIES as readonly string[]).includes(value);

// ---------------------------------------------------------------------------------------------
// Trends

interface LevelRow {
  day: string;
  service: string;
  scanner: string;
  critical: number;
  high: number;
  medium: number;
  low: number;
  info: number;
}

function sumSeries(days: readonly string[], rows: readonly LevelRow[]): TrendPoint[] {
  const byDay = new Map(days.map((day) => [day, { day, ...emptySeverityCounts(), total: 0 }]));
  for (const r of rows) {
    const point = byDay.get(r.day);
    if (!point) continue;
    point.CRITICAL += r.critical;
    point.HIGH += r.high;
    point.MEDIUM += r.medium;
    point.LOW += r.low;
    point.INFO += r.info;
    point.total += r.critical + r.high + r.medium + r.low + r.info;
  }
  return [...byDay.values()];
}

function groupSeries(days: readonly string[], rows: readonly LevelRow[], key: (r: LevelRow) => string, order: readonly string[]): TrendSeries[] {
  const groups = new Map<string, LevelRow[]>(order.map((k) => [k, []]));
  for (const r of rows) groups.get(key(r))?.push(r);
  return [...groups.entries()].filter(([, rs]) => rs.length > 0).map(([k, rs]) => ({ key: k, points: sumSeries(days, rs) }));
}

/** What every trend statement reads: the period's days (with their ends) and the service filter. */
interface TrendScope {
  db: Db;
  daysSql: Prisma.Sql;
  serviceWhere: Prisma.Sql;
}

/** Per day, service and artifact scanner: the latest ok main report's counts. */
function loadReportLevels({ db, daysSql, serviceWhere }: TrendScope, tools: readonly string[]): Promise<LevelRow[]> {
  if (tools.length === 0) return Promise.resolve([]);
  return db.$queryRaw<LevelRow[]>`
    WITH days AS (${daysSql}),
    pairs AS (SELECT s.id, s.name, t.tool FROM service s CROSS JOIN unnest(${[...tools]}::text[]) AS t(tool) ${serviceWhere})
    SELECT to_char(d.day, 'YYYY-MM-DD') AS day, p.name AS service, p.tool AS scanner,
           r.critical, r.high, r.medium, r.low, r.info
    FROM days d CROSS JOIN pairs p
    CROSS JOIN LATERAL (
      SELECT r.critical, r.high, r.medium, r.low, r.info FROM scan_report r
      WHERE r.service_id = p.id AND r.tool = p.tool AND r.ref_kind = 'MAIN' AND r.pipeline_created_at < d.day_end
        AND r.status = 'ok'
      ORDER BY r.pipeline_created_at DESC, r.id DESC
      LIMIT 1
    ) r`;
}

/** Per day and service: the issues of SonarQube's latest analysis of a main pipeline. */
function loadSonarLevels({ db, daysSql, serviceWhere }: TrendScope): Promise<LevelRow[]> {
  return db.$queryRaw<LevelRow[]>`
    WITH days AS (${daysSql})
    SELECT to_char(d.day, 'YYYY-MM-DD') AS day, s.name AS service, 'sonarqube' AS scanner,
           a.critical, a.high, a.medium, a.low, a.info
    FROM days d CROSS JOIN service s
    CROSS JOIN LATERAL (
      SELECT coalesce(sa.issues_critical, 0) AS critical, coalesce(sa.issues_high, 0) AS high, coalesce(sa.issues_medium, 0) AS medium,
             coalesce(sa.issues_low, 0) AS low, coalesce(sa.issues_info, 0) AS info
      FROM sonar_analysis sa JOIN pipeline pl ON pl.id = sa.pipeline_id
      WHERE sa.service_id = s.id AND sa.status = 'found' AND pl.created_at < d.day_end
      ORDER BY pl.created_at DESC, pl.id DESC
      LIMIT 1
    ) a
    ${serviceWhere}`;
}

/** Per day and service: the active findings of DefectDojo's latest test. */
function loadDojoLevels({ db, daysSql, serviceWhere }: TrendScope): Promise<LevelRow[]> {
  return db.$queryRaw<LevelRow[]>`
    WITH days AS (${daysSql})
    SELECT to_char(d.day, 'YYYY-MM-DD') AS day, s.name AS service, 'defectdojo' AS scanner,
           coalesce((t.counts -> 'CRITICAL' ->> 'active')::int, 0) AS critical,
           coalesce((t.counts -> 'HIGH' ->> 'active')::int, 0) AS high,
           coalesce((t.counts -> 'MEDIUM' ->> 'active')::int, 0) AS medium,
           coalesce((t.counts -> 'LOW' ->> 'active')::int, 0) AS low,
           coalesce((t.counts -> 'INFO' ->> 'active')::int, 0) AS info
    FROM days d CROSS JOIN service s
    CROSS JOIN LATERAL (
      SELECT dt.counts FROM defectdojo_test dt JOIN pipeline pl ON pl.id = dt.pipeline_id
      WHERE dt.service_id = s.id AND dt.status = 'found' AND dt.counts IS NOT NULL AND pl.created_at < d.day_end
      ORDER BY pl.created_at DESC, pl.id DESC
      LIMIT 1
    ) t
    ${serviceWhere}`;
}

export async function querySecurityTrends(
  db: Db,
  params: SecurityPageParams,
  options: SecurityQueryOptions = {},
): Promise<{ period: SecurityPageData["period"]; services: string[]; trends: SecurityPageData["trends"] }> {
  const now = options.now ?? new Date();
  const from = periodStart(now, params.period);
  const days = dayRange(from, now);
  const tools = ARTIFACT_SCANNERS.filter((t) => params.scanner === undefined || params.scanner === t);
  const withSonar = params.scanner === undefined || params.scanner === "sonarqube";
  const withDojo = params.scanner === undefined;
  const serviceWhere = Prisma.sql`WHERE true ${servicesCondition(params, Prisma.sql`s.name`)}`;
  // Days as UTC dates; a day's level is the latest report created before its end (and not after now).
  const daysSql = Prisma.sql`
    SELECT d::date AS day, LEAST((d::date + 1)::timestamp AT TIME ZONE 'UTC', ${now}::timestamptz + interval '1 millisecond') AS day_end
    FROM generate_series(${days[0] ?? dayKey(now)}::date, ${dayKey(now)}::date, interval '1 day') d`;
  const scope: TrendScope = { db, daysSql, serviceWhere };

  const [serviceRows, reportRows, sonarRows, dojoRows] = await Promise.all([
    db.$queryRaw<{ name: string }[]>`SELECT name FROM service ORDER BY id`,
    loadReportLevels(scope, tools),
    withSonar ? loadSonarLevels(scope) : Promise.resolve([]),
    withDojo ? loadDojoLevels(scope) : Promise.resolve([]),
  ]);

  // The filter's choices: the services the viewer may see.
  const services = serviceRows.map((s) => s.name).filter((name) => !params.within || params.within.includes(name));
  const levels = [...reportRows, ...sonarRows];
  return {
    period: { days: params.period, from: from.toISOString(), to: now.toISOString() },
    services,
    trends: {
      total: sumSeries(days, levels),
      byScanner: groupSeries(days, levels, (r) => r.scanner, [...ARTIFACT_SCANNERS, "sonarqube"]),
      byService: groupSeries(days, levels, (r) => r.service, services),
      defectdojo: dojoRows.length > 0 ? sumSeries(days, dojoRows) : null,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Open now, MTTR, past age, artifact problems

/** Open, not triaged away criticals and highs per service; every service listed, in configuration order. */
async function loadOpenNow(db: Db, scope: Prisma.Sql, serviceFilter: Prisma.Sql): Promise<SecurityPageData["openNow"]> {
  const [serviceRows, openRows] = await Promise.all([
    db.$queryRaw<{ name: string }[]>`
      SELECT name FROM service s WHERE true ${serviceFilter} ORDER BY id`,
    db.$queryRaw<{ service: string; critical: number; high: number }[]>`
      SELECT s.name AS service,
             count(*) FILTER (WHERE f.severity = 'CRITICAL')::int AS critical,
             count(*) FILTER (WHERE f.severity = 'HIGH')::int AS high
      FROM finding f JOIN service s ON s.id = f.service_id
      WHERE f.open AND f.severity IN ('CRITICAL', 'HIGH') AND ${NOT_TRIAGED_AWAY} ${scope}
      GROUP BY s.name`,
  ]);
  const open = new Map(openRows.map((r) => [r.service, r]));
  return serviceRows.map(({ name }) => ({ service: name, critical: open.get(name)?.critical ?? 0, high: open.get(name)?.high ?? 0 }));
}

/**
 * Mean time to remediate per severity, over the findings fixed in the period: the period's days (it
 * starts at a UTC midnight) from `finding_fix_day`, a count and a summed interval per day kept by
 * triggers on `finding`, less today's findings fixed after `now` (none unless the clock is a test's).
 * The summed intervals divided by the count are what avg() over the findings gives, to the
 * microsecond: avg adds intervals the same way, then divides.
 */
async function loadMttr(db: Db, params: SecurityPageParams, from: Date, now: Date): Promise<SecurityPageData["mttr"]> {
  const today = dayKey(now);
  const tomorrow = new Date(Date.parse(today) + DAY_MS);
  const rows = await db.$queryRaw<{ severity: string; fixed: number; hours: number | null }[]>`
    SELECT x.severity, sum(x.fixed)::int AS fixed, (extract(epoch FROM sum(x.span) / sum(x.fixed)::float8) / ${HOUR_S})::float8 AS hours
    FROM (
      SELECT d.severity, d.fixed::bigint AS fixed, d.time_to_fix AS span
      FROM finding_fix_day d
      WHERE d.day >= ${dayKey(from)}::date AND d.day <= ${today}::date ${scopeFilter(params, "d")}
      UNION ALL
      SELECT f.severity, -count(*) AS fixed, -sum(f.fixed_at - f.first_seen_at) AS span
      FROM finding f
      WHERE f.fixed_at > ${now} AND f.fixed_at < ${tomorrow} ${scopeFilter(params)}
      GROUP BY f.severity
    ) x
    GROUP BY x.severity
    -- A day whose findings all moved away keeps a zero row.
    HAVING sum(x.fixed) > 0`;
  const mttr = new Map(rows.map((r) => [r.severity, r]));
  return SEVERITIES.map((severity) => ({ severity, fixed: mttr.get(severity)?.fixed ?? 0, meanHours: mttr.get(severity)?.hours ?? null }));
}

interface AgeThreshold {
  severity: Severity;
  days: number;
  /** Findings first seen before this are past their age. */
  before: Date;
}

/**
 * Open, not triaged away findings past their severity's age limit: per severity, one range of
 * finding_open_severity_age_cover (open, severity, first seen).
 */
async function loadPastAge(db: Db, scope: Prisma.Sql, thresholds: readonly AgeThreshold[]): Promise<SecurityPageData["pastAge"]> {
  const rows =
    thresholds.length === 0
      ? []
      : await db.$queryRaw<{ severity: string; count: number }[]>`
        SELECT t.severity, (
          SELECT count(*)::int FROM finding f
          WHERE f.open AND f.severity = t.severity AND f.first_seen_at < t.before AND ${NOT_TRIAGED_AWAY} ${scope}
        ) AS count
        FROM unnest(${thresholds.map((t) => t.severity)}::text[], ${thresholds.map((t) => t.before.toISOString())}::timestamptz[]) AS t(severity, before)`;
  const pastAge = new Map(rows.map((r) => [r.severity, r.count]));
  return thresholds.map((t) => ({ severity: t.severity, maxAgeDays: t.days, count: pastAge.get(t.severity) ?? 0 }));
}

/** Per service and artifact scanner, the latest main report when it could not be read. */
async function loadProblems(db: Db, tools: readonly string[], serviceFilter: Prisma.Sql, now: Date): Promise<ArtifactProblem[]> {
  const rows =
    tools.length === 0
      ? []
      : await db.$queryRaw<
          { service: string; scanner: string; status: string; message: string | null; pipelineId: bigint; at: Date; jobWebUrl: string | null }[]
        >`
        SELECT s.name AS service, t.tool AS scanner, r.status, r.message, r.pipeline_id AS "pipelineId",
               r.pipeline_created_at AS at, j.web_url AS "jobWebUrl"
        FROM service s CROSS JOIN unnest(${[...tools]}::text[]) AS t(tool)
        CROSS JOIN LATERAL (
          SELECT r.status, r.message, r.pipeline_id, r.pipeline_created_at, r.job_id FROM scan_report r
          WHERE r.service_id = s.id AND r.tool = t.tool AND r.ref_kind = 'MAIN' AND r.pipeline_created_at <= ${now}
          ORDER BY r.pipeline_created_at DESC, r.id DESC
          LIMIT 1
        ) r
        LEFT JOIN job j ON j.id = r.job_id
        WHERE r.status <> 'ok' ${serviceFilter}
        ORDER BY s.id, t.tool`;
  return rows.map(
    (r): ArtifactProblem => ({
      service: r.service,
      scanner: r.scanner,
      status: r.status === "unavailable" ? "unavailable" : "error",
      message: r.message,
      pipelineId: Number(r.pipelineId),
      at: r.at.toISOString(),
      jobWebUrl: r.jobWebUrl,
    }),
  );
}

export async function querySecuritySummary(
  db: Db,
  params: SecurityPageParams,
  options: SecurityQueryOptions = {},
): Promise<Pick<SecurityPageData, "openNow" | "mttr" | "pastAge" | "problems">> {
  const now = options.now ?? new Date();
  const from = periodStart(now, params.period);
  const maxAgeDays = options.maxAgeDays ?? DEFAULT_FINDING_MAX_AGE_DAYS;
  const scope = scopeFilter(params);
  const thresholds = SEVERITIES.flatMap((severity): AgeThreshold[] => {
    const days = maxAgeDays[severity];
    return days === undefined ? [] : [{ severity, days, before: new Date(now.getTime() - days * DAY_MS) }];
  });
  const tools = ARTIFACT_SCANNERS.filter((t) => params.scanner === undefined || params.scanner === t);
  // On `service s`: the open counts and the problems list every (filtered) service.
  const serviceFilter = servicesCondition(params, Prisma.sql`s.name`);

  const [openNow, mttr, pastAge, problems] = await Promise.all([
    loadOpenNow(db, scope, serviceFilter),
    loadMttr(db, params, from, now),
    loadPastAge(db, scope, thresholds),
    loadProblems(db, tools, serviceFilter, now),
  ]);
  return { openNow, mttr, pastAge, problems };
}

// ---------------------------------------------------------------------------------------------
// Triage table and CSV

/** One sort column: `flip` orders it against the asked direction (e.g. oldest first among criticals). */
interface SortPart {
  sql: Prisma.Sql;
  cast: "int" | "text" | "timestamptz" | "bigint";
  flip: boolean;
}

const FIRST_SEEN: SortPart = { sql: Prisma.sql`f.first_seen_at`, cast: "timestamptz", flip: true };
const RANK_AGAINST: SortPart = { sql: SEVERITY_RANK, cast: "int", flip: true };

/** Each sort, then the id so the order is total (and a keyset can walk it). */
const SORT_PARTS: Record<SortKey, readonly SortPart[]> = {
  // Most severe first, then the oldest.
  severity: [{ sql: SEVERITY_RANK, cast: "int", flip: false }, FIRST_SEEN],
  // Oldest first (age descending = first seen ascending).
  age: [FIRST_SEEN],
  service: [{ sql: Prisma.sql`s.name`, cast: "text", flip: false }, RANK_AGAINST],
  scanner: [{ sql: Prisma.sql`f.tool`, cast: "text", flip: false }, RANK_AGAINST],
  title: [{ sql: Prisma.sql`f.title`, cast: "text", flip: false }],
  lastSeen: [{ sql: Prisma.sql`f.last_seen_at`, cast: "timestamptz", flip: false }],
};

const sortParts = (sort: SortKey): SortPart[] => [...SORT_PARTS[sort], { sql: Prisma.sql`f.id`, cast: "bigint", flip: false }];
const ascending = (part: SortPart, dir: SecurityPageParams["dir"]) => (dir === "asc") !== part.flip;

interface TriageRow {
  id: bigint;
  service: string;
  tool: string;
  severity: string;
  title: string;
  location: string;
  rule: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  dojoState: string | null;
  dojoFindingUrl: string | null;
  sonarIssueUrl: string | null;
  jobWebUrl: string | null;
  /** The sort keys as text (cast back by keysetAfter, so nothing is lost on the way). */
  keys: string[];
}

/** Rows after `after` (the keys of the last row of the previous batch), in the sort's order. */
function keysetAfter(parts: readonly SortPart[], dir: SecurityPageParams["dir"], after: readonly string[] | null): Prisma.Sql {
  if (!after) return Prisma.empty;
  const value = (i: number) => Prisma.sql`${after[i]}::${Prisma.raw(parts[i]?.cast ?? "text")}`;
  const branches = parts.map((part, i) => {
    const equal = parts.slice(0, i).map((p, j) => Prisma.sql`${p.sql} = ${value(j)}`);
    const beyond = Prisma.sql`${part.sql} ${Prisma.raw(ascending(part, dir) ? ">" : "<")} ${value(i)}`;
    return Prisma.sql`(${Prisma.join([...equal, beyond], " AND ")})`;
  });
  return Prisma.sql`AND (${Prisma.join(branches, " OR ")})`;
}

/**
 * The ids of the page's rows. By severity (the default), one index range per severity, most severe
 * first: each severity's rows come in first-seen order from finding_open_severity_age_cover, so each
 * reads no more than the page's end instead of sorting every open finding by rank. Severities are
 * the five the parsers write (Severity), as the rank reads them.
 */
function pickIds(params: SecurityPageParams, parts: readonly SortPart[], orderBy: Prisma.Sql, window: { limit: number; offset: number; after: readonly string[] | null }): Prisma.Sql {
  const where = Prisma.sql`${tableWhere(params)} ${keysetAfter(parts, params.dir, window.after)}`;
  if (params.sort !== "severity") {
    return Prisma.sql`
      SELECT f.id FROM finding f JOIN service s ON s.id = f.service_id
      WHERE ${where}
      ORDER BY ${orderBy}
      LIMIT ${window.limit} OFFSET ${window.offset}`;
  }
  const [, firstSeen, id] = parts;
  const within = Prisma.join(
    [firstSeen, id].map((p) => Prisma.sql`${p!.sql} ${Prisma.raw(ascending(p!, params.dir) ? "ASC" : "DESC")}`),
    ", ",
  );
  const bySeverity = SEVERITIES.map(
    (severity) => Prisma.sql`(
      SELECT f.id, ${SEVERITY_RANK} AS rank, f.first_seen_at FROM finding f
      WHERE f.severity = ${severity} AND ${where}
      ORDER BY ${within}
      LIMIT ${window.limit + window.offset})`,
  );
  return Prisma.sql`
    SELECT f.id FROM (${Prisma.join(bySeverity, " UNION ALL ")}) f
    ORDER BY f.rank ${Prisma.raw(params.dir === "asc" ? "ASC" : "DESC")}, ${within}
    LIMIT ${window.limit} OFFSET ${window.offset}`;
}

async function selectRows(
  db: Db,
  params: SecurityPageParams,
  window: { limit: number; offset: number; after: readonly string[] | null },
): Promise<TriageRow[]> {
  const parts = sortParts(params.sort);
  const orderBy = Prisma.join(
    parts.map((p) => Prisma.sql`${p.sql} ${Prisma.raw(ascending(p, params.dir) ? "ASC" : "DESC")}`),
    ", ",
  );
  const keys = Prisma.sql`ARRAY[${Prisma.join(parts.map((p) => Prisma.sql`(${p.sql})::text`), ", ")}]`;
  // Two steps: pick the page's ids from a covering index (no heap reads for any filter or sort but
  // title), then read those rows whole.
  return db.$queryRaw<TriageRow[]>`
    WITH picked AS (${pickIds(params, parts, orderBy, window)})
    SELECT f.id, s.name AS service, f.tool, f.severity, f.title, f.location, f.rule_id AS rule,
           f.first_seen_at AS "firstSeenAt", f.last_seen_at AS "lastSeenAt", f.dojo_state AS "dojoState",
           f.dojo_finding_url AS "dojoFindingUrl", f.sonar_issue_url AS "sonarIssueUrl", j.web_url AS "jobWebUrl",
           ${keys} AS keys
    FROM picked JOIN finding f ON f.id = picked.id
    JOIN service s ON s.id = f.service_id
    LEFT JOIN job j ON j.id = f.last_job_id
    ORDER BY ${orderBy}`;
}

function toFindingRow(r: TriageRow, now: Date, maxAgeDays: FindingMaxAgeDays): FindingRow {
  const severity: Severity = isSeverity(r.severity) ? r.severity : "INFO";
  const state = rowState(r.dojoState);
  const ageMs = now.getTime() - r.firstSeenAt.getTime();
  const limit = maxAgeDays[severity];
  return {
    id: Number(r.id),
    service: r.service,
    scanner: r.tool,
    severity,
    title: r.title,
    location: r.location,
    rule: r.rule,
    firstSeenAt: r.firstSeenAt.toISOString(),
    lastSeenAt: r.lastSeenAt.toISOString(),
    ageDays: Math.max(0, Math.floor(ageMs / DAY_MS)),
    pastAge: limit !== undefined && (state === "open" || state === "verified") && ageMs > limit * DAY_MS,
    state,
    dojoFindingUrl: r.dojoFindingUrl,
    sonarIssueUrl: r.sonarIssueUrl,
    jobWebUrl: r.jobWebUrl,
  };
}

export async function queryFindingsPage(db: Db, params: SecurityPageParams, options: SecurityQueryOptions = {}): Promise<SecurityPageData["findings"]> {
  const now = options.now ?? new Date();
  const maxAgeDays = options.maxAgeDays ?? DEFAULT_FINDING_MAX_AGE_DAYS;
  const perPage = Math.max(1, Math.floor(params.perPage));
  const page = Math.max(1, Math.floor(params.page));
  const [countRows, rows] = await Promise.all([
    db.$queryRaw<{ total: number }[]>`
      SELECT count(*)::int AS total FROM finding f WHERE ${tableWhere(params)}`,
    selectRows(db, params, { limit: perPage, offset: (page - 1) * perPage, after: null }),
  ]);
  const total = countRows[0]?.total ?? 0;
  return { items: rows.map((r) => toFindingRow(r, now, maxAgeDays)), total, page, perPage, pageCount: Math.max(1, Math.ceil(total / perPage)) };
}

/** Every filtered row in table order, CSV_BATCH at a time (a keyset walk: each batch is one indexed statement). */
export async function* findingBatches(
  db: Db,
  params: SecurityPageParams,
  options: SecurityQueryOptions & { batchSize?: number } = {},
): AsyncGenerator<FindingRow[]> {
  const now = options.now ?? new Date();
  const maxAgeDays = options.maxAgeDays ?? DEFAULT_FINDING_MAX_AGE_DAYS;
  const batch = options.batchSize ?? CSV_BATCH;
  let after: string[] | null = null;
  for (;;) {
    const rows = await selectRows(db, params, { limit: batch, offset: 0, after });
    if (rows.length > 0) yield rows.map((r) => toFindingRow(r, now, maxAgeDays));
    if (rows.length < batch) return;
    after = rows[rows.length - 1]?.keys ?? null;
  }
}

export async function getSecurityPage(db: Db, params: SecurityPageParams, options: SecurityQueryOptions = {}): Promise<SecurityPageData> {
  const now = options.now ?? new Date();
  const opts = { ...options, now };
  const [trends, summary, findings] = await Promise.all([
    querySecurityTrends(db, params, opts),
    querySecuritySummary(db, params, opts),
    queryFindingsPage(db, params, opts),
  ]);
  return {
    generatedAt: new Date().toISOString(),
    params: { ...params, page: findings.page, perPage: findings.perPage },
    services: trends.services,
    maxAgeDays: options.maxAgeDays ?? DEFAULT_FINDING_MAX_AGE_DAYS,
    period: trends.period,
    trends: trends.trends,
    ...summary,
    findings,
  };
}
