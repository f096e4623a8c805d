import type { LimitFunction } from "p-limit";
import { Prisma, type Db } from "@/lib/platform/db/client";
import type { DojoFinding, DojoScope, DojoTest } from "@/lib/upstream/defectdojo/client";
import { dojoProductNames } from "@/lib/upstream/defectdojo/links";
import { IMPORT_CLOCK_SKEW_MS, runTest, type DojoTestMatch } from "@/lib/upstream/defectdojo/match";
import { UpstreamError } from "@/lib/upstream/transport";
import type { Logger } from "@/lib/platform/log";
import type { SonarAnalysis, SonarClient, SonarIssue } from "@/lib/upstream/sonarqube/client";
import { sonarDashboardUrl, sonarProjectKey } from "@/lib/upstream/sonarqube/links";
import { conditionText } from "@/lib/upstream/sonarqube/normalize";
import type { ProjectTarget, SecurityUpstreams, SyncContext } from "../context";
import { errorMessage } from "@/lib/domain/error-message";

/*
 * Links main runs to their SonarQube analysis (by `revision` = sha) and DefectDojo test, newest
 * first, a bounded number per project and cycle. A DefectDojo test is looked for only in the
 * service's product (and engagement, if configured) and must name the run by build id or commit
 * (see defectdojo/match.ts); a branch alone links nothing. An analysis or test that does not exist
 * yet is asked for again in later cycles, a few times. The newest main run also carries SonarQube's
 * open issues and DefectDojo's triage states onto Stageboard's findings, so the triage table links
 * each finding to where it is handled.
 */

export interface SecurityLinkContext {
  db: Db;
  limit: LimitFunction;
  logger: Logger;
  upstreams: SecurityUpstreams;
  /** Runs linked per project and cycle, per upstream. */
  budget?: number;
  now?: () => Date;
}

export const DEFAULT_LINK_BUDGET = 25;
/** A missing analysis or test is looked for this often before Stageboard stops asking. */
export const MAX_LINK_ATTEMPTS = 4;
/** Minutes between two looks for a missing analysis or test. */
const RETRY_AFTER_MINUTES = 5;

interface MainRun {
  id: bigint;
  sha: string;
  ref: string;
  createdAt: Date;
}

/**
 * Main runs whose scan stage finished, without a link yet or with one worth asking again. DefectDojo
 * links found by branch alone (stored before a test had to name its run) may be another run's test:
 * they are asked again once, and what they are then never says branch_tag.
 */
async function runsToLink(db: Db, serviceId: number, table: "sonar_analysis" | "defectdojo_test", job: string, limit: number, now: Date) {
  const retryBefore = new Date(now.getTime() - RETRY_AFTER_MINUTES * 60_000);
  const branchOnly = table === "defectdojo_test" ? Prisma.sql`OR (l.status = 'found' AND l.matched_by = 'branch_tag')` : Prisma.empty;
  // `table` is one of two literals, never input.
  return db.$queryRaw<MainRun[]>`
    SELECT p.id, p.sha, p.ref, p.created_at AS "createdAt" FROM pipeline p
    JOIN job j ON j.pipeline_id = p.id AND j.name = ${job} AND NOT j.retried AND j.status = 'success'
    LEFT JOIN ${Prisma.raw(table)} l ON l.pipeline_id = p.id
    WHERE p.service_id = ${serviceId} AND p.ref_kind = 'MAIN' AND p.parent_pipeline_id IS NULL
      AND (l.pipeline_id IS NULL OR (l.status <> 'found' AND l.attempts < ${MAX_LINK_ATTEMPTS} AND l.checked_at < ${retryBefore}) ${branchOnly})
    ORDER BY p.created_at DESC LIMIT ${limit}`;
}

/** The newest main run of the service (whose links carry the current triage state). */
async function newestMainRun(db: Db, serviceId: number): Promise<bigint | null> {
  const rows = await db.$queryRaw<{ id: bigint }[]>`
    SELECT id FROM pipeline WHERE service_id = ${serviceId} AND ref_kind = 'MAIN' AND parent_pipeline_id IS NULL
    ORDER BY created_at DESC, id DESC LIMIT 1`;
  return rows[0]?.id ?? null;
}


/**
 * Links what it can. A SonarQube or DefectDojo problem (a rejected token included) is recorded on
 * the run's link row, which the pages show, and returned for the log; it does not fail GitLab's
 * sync. Anything else (the database) is thrown.
 */
export async function linkSecurityUpstreams(ctx: SecurityLinkContext, project: Pick<ProjectTarget, "serviceId" | "service" | "projectRef">): Promise<UpstreamError[]> {
  const { serviceId, projectRef: projectPath } = project;
  const now = ctx.now?.() ?? new Date();
  const budget = ctx.budget ?? DEFAULT_LINK_BUDGET;
  const newest = await newestMainRun(ctx.db, serviceId);
  const problems: unknown[] = [];

  const { sonar, dojo } = ctx.upstreams;
  if (sonar) {
    const projectKey = sonarProjectKey(projectPath);
    const runs = await runsToLink(ctx.db, serviceId, "sonar_analysis", "sonarqube-scan", budget, now);
    await Promise.all(
      [...groupByBranch(runs)].map(async ([branch, group]) => {
        let analyses: Map<string, SonarAnalysis>;
        try {
          analyses = await ctx.limit(() => analysesByRevision(sonar.client, projectKey, branch, group));
        } catch (error) {
          // The listing failed for every run of the branch: each records and reports it, as its own lookup would.
          await Promise.all(
            group.map((run) =>
              saveSonar(ctx, sonar, serviceId, projectKey, run, now, { status: "error", message: errorMessage(error) }).then(
                () => problems.push(error),
                (e: unknown) => problems.push(e),
              ),
            ),
          );
          return;
        }
        await Promise.all(
          group.map((run) =>
            ctx
              .limit(() => linkSonar(ctx, sonar, serviceId, projectKey, run, analyses.get(run.sha) ?? null, run.id === newest, now))
              .catch((e: unknown) => problems.push(e)),
          ),
        );
      }),
    );
  }
  if (dojo) {
    const runs = await runsToLink(ctx.db, serviceId, "defectdojo_test", "defectdojo-import", budget, now);
    if (runs.length > 0) await linkDojoRuns(ctx, dojo, project, runs, newest, now, problems);
  }
  const fatal = problems.find((e) => !(e instanceof UpstreamError));
  if (fatal) throw fatal;
  return problems.filter((e): e is UpstreamError => e instanceof UpstreamError);
}

/** The step of the sync cycle: links what is due and logs what SonarQube or DefectDojo refused. */
export async function linkSecurity(ctx: SyncContext, project: ProjectTarget): Promise<void> {
  if (!ctx.security) return;
  const problems = await linkSecurityUpstreams({ ...ctx, upstreams: ctx.security }, project);
  if (problems.length > 0) ctx.logger.warn({ service: project.service, problem: problems[0]?.message, count: problems.length }, "security links incomplete");
}

function groupByBranch(runs: readonly MainRun[]): Map<string, MainRun[]> {
  const groups = new Map<string, MainRun[]>();
  for (const run of runs) {
    const group = groups.get(run.ref);
    if (group) group.push(run);
    else groups.set(run.ref, [run]);
  }
  return groups;
}

/** The branch's analyses back to the oldest run's creation (no analysis of a run predates it), by revision. */
async function analysesByRevision(client: SonarClient, projectKey: string, branch: string, runs: readonly MainRun[]): Promise<Map<string, SonarAnalysis>> {
  const oldest = Math.min(...runs.map((r) => r.createdAt.getTime()));
  const analyses = await client.listAnalyses(projectKey, branch, new Date(oldest));
  const byRevision = new Map<string, SonarAnalysis>();
  // Newest first: a revision analysed twice keeps its latest analysis, as the newest-first search did.
  for (const analysis of analyses) {
    if (analysis.revision !== null && !byRevision.has(analysis.revision)) byRevision.set(analysis.revision, analysis);
  }
  return byRevision;
}

function saveSonar(
  ctx: SecurityLinkContext,
  sonar: NonNullable<SecurityUpstreams["sonar"]>,
  serviceId: number,
  projectKey: string,
  run: MainRun,
  now: Date,
  data: Record<string, unknown>,
) {
  const base = { serviceId, projectKey, branch: run.ref, dashboardUrl: sonarDashboardUrl(sonar.url, projectKey, run.ref), checkedAt: now };
  return ctx.db.sonarAnalysis.upsert({
    where: { pipelineId: run.id },
    create: { pipelineId: run.id, ...base, status: "error", ...data },
    update: { ...base, ...data, attempts: { increment: 1 } },
  });
}

/** Records `analysis` (null: SonarQube has none for the run yet) with its quality gate. */
async function linkSonar(
  ctx: SecurityLinkContext,
  sonar: NonNullable<SecurityUpstreams["sonar"]>,
  serviceId: number,
  projectKey: string,
  run: MainRun,
  analysis: SonarAnalysis | null,
  isNewest: boolean,
  now: Date,
): Promise<void> {
  const save = (data: Record<string, unknown>) => saveSonar(ctx, sonar, serviceId, projectKey, run, now, data);
  try {
    if (!analysis) {
      await save({ status: "not_found", message: `SonarQube has no analysis of ${run.sha.slice(0, 8)} on ${run.ref} yet` });
      return;
    }
    const gate = await sonar.client.qualityGate(analysis.key);
    // Measures and open issues describe the branch now: right for the newest run only.
    const current = isNewest ? await Promise.all([sonar.client.measures(projectKey, run.ref), sonar.client.openIssues(projectKey, run.ref)]) : null;
    const [measures, issues] = current ?? [null, null];
    await save({
      status: "found",
      message: null,
      analysisKey: analysis.key,
      analysedAt: analysis.date,
      qualityGate: gate.status,
      failedConditions: gate.conditions
        .filter((c) => c.status === "ERROR" || c.status === "WARN")
        .map(conditionText),
      ...(measures
        ? {
            coverage: measures.coverage,
            bugs: measures.bugs,
            vulnerabilities: measures.vulnerabilities,
            codeSmells: measures.code_smells,
            securityHotspots: measures.security_hotspots,
            duplicatedLinesDensity: measures.duplicated_lines_density,
            ncloc: measures.ncloc,
          }
        : {}),
      ...(issues
        ? {
            issuesCritical: issues.counts.CRITICAL,
            issuesHigh: issues.counts.HIGH,
            issuesMedium: issues.counts.MEDIUM,
            issuesLow: issues.counts.LOW,
            issuesInfo: issues.counts.INFO,
          }
        : {}),
    });
    if (issues) await linkSonarIssues(ctx.db, serviceId, issues.issues);
  } catch (error) {
    await save({ status: "error", message: errorMessage(error) });
    throw error;
  }
}

/**
 * Semgrep and Trivy filesystem findings reach SonarQube as external issues; an issue whose rule
 * ends with the finding's rule id on the same file is where that finding is handled.
 */
async function linkSonarIssues(db: Db, serviceId: number, issues: readonly SonarIssue[]): Promise<void> {
  const external = issues.filter((i) => i.file !== null);
  if (external.length === 0) return;
  await db.$executeRaw`
    UPDATE finding f SET sonar_issue_key = u.key, sonar_issue_url = u.link
    FROM unnest(${external.map((i) => i.key)}::text[], ${external.map((i) => i.link)}::text[],
                ${external.map((i) => i.rule)}::text[], ${external.map((i) => i.file)}::text[]) AS u(key, link, rule, file)
    WHERE f.service_id = ${serviceId} AND f.tool IN ('semgrep', 'trivy-fs') AND f.file = u.file
      AND (u.rule = f.rule_id OR u.rule LIKE '%:' || f.rule_id)
      AND f.sonar_issue_key IS DISTINCT FROM u.key`;
}

type DojoUpstream = NonNullable<SecurityUpstreams["dojo"]>;

/** The service's product and its tests since the oldest run, or why there are none to look at. */
type DojoLookup = { scope: DojoScope; tests: DojoTest[] } | { missing: string };

/**
 * One lookup of the service's product and its recent tests serves every run of the pass; each run
 * then takes the test that names it, or records that none does yet. A failed lookup is recorded on
 * every run, as each run's own lookup would have failed.
 */
async function linkDojoRuns(
  ctx: SecurityLinkContext,
  dojo: DojoUpstream,
  project: Pick<ProjectTarget, "serviceId" | "service" | "projectRef">,
  runs: readonly MainRun[],
  newest: bigint | null,
  now: Date,
  problems: unknown[],
): Promise<void> {
  const configured = dojo.targets?.[project.service];
  const target = {
    productNames: configured?.product ? [configured.product] : dojoProductNames(project.service, project.projectRef),
    engagementName: configured?.engagement,
  };
  const oldest = Math.min(...runs.map((r) => r.createdAt.getTime()));
  let lookup: DojoLookup;
  try {
    lookup = await ctx.limit(async (): Promise<DojoLookup> => {
      const found = await dojo.client.findScope(target);
      if ("missing" in found) return found;
      return { scope: found.scope, tests: await dojo.client.listTests(found.scope, new Date(oldest - IMPORT_CLOCK_SKEW_MS)) };
    });
  } catch (error) {
    await Promise.all(
      runs.map((run) => saveDojo(ctx, project.serviceId, run, now, { status: "error", message: errorMessage(error) }).then(() => problems.push(error), (e: unknown) => problems.push(e))),
    );
    return;
  }
  if ("missing" in lookup) {
    const reason = lookup.missing;
    await Promise.all(runs.map((run) => saveDojo(ctx, project.serviceId, run, now, { status: "not_found", message: reason, ...NO_DOJO_TEST }).catch((e: unknown) => problems.push(e))));
    return;
  }
  const { scope, tests } = lookup;
  const engagementIds = new Set(scope.engagements.map((e) => e.id));
  await Promise.all(
    runs.map((run) =>
      ctx
        .limit(() => linkDojo(ctx, dojo, project.serviceId, run, scope, runTest(tests, run, engagementIds), run.id === newest, now))
        .catch((e: unknown) => problems.push(e)),
    ),
  );
}

/** What a run without a DefectDojo test stores: nothing of a test it may have been linked to before. */
const NO_DOJO_TEST = { testId: null, engagementId: null, matchedBy: null, counts: Prisma.DbNull, url: null };

function saveDojo(ctx: SecurityLinkContext, serviceId: number, run: MainRun, now: Date, data: Record<string, unknown>) {
  return ctx.db.defectDojoTest.upsert({
    where: { pipelineId: run.id },
    create: { pipelineId: run.id, serviceId, checkedAt: now, status: "error", ...data },
    update: { serviceId, checkedAt: now, ...data, attempts: { increment: 1 } },
  });
}

/** Records the run's test (null: none in the product names the run yet) with its findings' counts. */
async function linkDojo(
  ctx: SecurityLinkContext,
  dojo: DojoUpstream,
  serviceId: number,
  run: MainRun,
  scope: DojoScope,
  match: DojoTestMatch | null,
  isNewest: boolean,
  now: Date,
): Promise<void> {
  const save = (data: Record<string, unknown>) => saveDojo(ctx, serviceId, run, now, data);
  try {
    if (!match) {
      await save({
        status: "not_found",
        message: `DefectDojo product "${scope.product.name}" has no test of pipeline ${run.id} (build id, or commit ${run.sha.slice(0, 8)} on ${run.ref}) yet`,
        ...NO_DOJO_TEST,
      });
      return;
    }
    const { test, matchedBy } = match;
    const { findings, counts } = await dojo.client.listFindings(test.id);
    await save({
      status: "found",
      message: null,
      testId: BigInt(test.id),
      engagementId: BigInt(test.engagementId),
      matchedBy,
      counts,
      url: test.link,
    });
    if (isNewest) await linkDojoFindings(ctx.db, serviceId, findings);
  } catch (error) {
    await save({ status: "error", message: errorMessage(error) });
    throw error;
  }
}

/** Trivy image findings imported into DefectDojo: the same CVE in the same package. */
async function linkDojoFindings(db: Db, serviceId: number, findings: readonly DojoFinding[]): Promise<void> {
  const matchable = findings.filter((f) => (f.cve ?? f.vulnIdFromTool) && f.componentName);
  if (matchable.length === 0) return;
  await db.$executeRaw`
    UPDATE finding f SET dojo_finding_id = u.id, dojo_finding_url = u.link, dojo_state = u.state
    FROM unnest(${matchable.map((f) => String(f.id))}::bigint[], ${matchable.map((f) => f.link)}::text[],
                ${matchable.map((f) => f.state)}::text[], ${matchable.map((f) => f.cve ?? f.vulnIdFromTool)}::text[],
                ${matchable.map((f) => f.componentName)}::text[]) AS u(id, link, state, vuln, component)
    WHERE f.service_id = ${serviceId} AND f.tool = 'trivy-image' AND f.rule_id = u.vuln AND f.package_name = u.component
      AND (f.dojo_finding_id IS DISTINCT FROM u.id OR f.dojo_state IS DISTINCT FROM u.state)`;
}
