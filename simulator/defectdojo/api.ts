import type http from "node:http";
import type { ApiResponse } from "../api-types";
import type { SimSeverity } from "../findings/types";
import { Rng } from "../random";
import type { DojoWorld, SimDojoFinding, SimDojoTest } from "./world";

/**
 * DefectDojo API v2 as far as Stageboard reads it: tests (filtered by build id, commit, branch tag,
 * ordered by `o`) and findings by test, with Django REST framework's limit/offset pagination
 * (`count`, `next`, `previous`, `results`) and its error shape `{"detail": …}`.
 */

export interface DojoRequest {
  /** Below the DefectDojo base URL, e.g. `api/v2/tests/`. */
  path: string;
  query: URLSearchParams;
  t: number;
  /** Base of absolute `next`/`previous` links, e.g. `http://127.0.0.1:4100/defectdojo`. */
  baseUrl: string;
}

const json = (status: number, value: unknown, headers: Record<string, string> = {}): ApiResponse => ({ status, headers, body: JSON.stringify(value) });
const NOT_FOUND = json(404, { detail: "Not found." });
const DEFAULT_LIMIT = 25;

/** DRF's TokenAuthentication: `Authorization: Token KEY`; null when accepted, else its 401. */
export function dojoAuthRefusal(req: http.IncomingMessage, token: string): ApiResponse | null {
  const authorization = req.headers.authorization?.trim() ?? "";
  const challenge = { "WWW-Authenticate": "Token" };
  if (!authorization.toLowerCase().startsWith("token ")) {
    return json(401, { detail: "Authentication credentials were not provided." }, challenge);
  }
  return authorization.slice(6).trim() === token ? null : json(401, { detail: "Invalid token." }, challenge);
}

const SEVERITY: Readonly<Record<SimSeverity, { name: string; numerical: string }>> = {
  CRITICAL: { name: "Critical", numerical: "S0" },
  HIGH: { name: "High", numerical: "S1" },
  MEDIUM: { name: "Medium", numerical: "S2" },
  LOW: { name: "Low", numerical: "S3" },
  INFO: { name: "Info", numerical: "S4" },
};

/** DefectDojo writes microseconds: `2024-03-01T15:06:30.134001Z`. */
const dojoTime = (t: number) => new Date(t).toISOString().replace("Z", "000Z");
const dojoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

function paginate<T>(items: readonly T[], request: DojoRequest, path: string): { status: 400; body: ApiResponse } | { status: 200; value: object; page: readonly T[] } {
  const limit = Number(request.query.get("limit") ?? DEFAULT_LIMIT);
  const offset = Number(request.query.get("offset") ?? 0);
  if (!Number.isInteger(limit) || limit < 1 || !Number.isInteger(offset) || offset < 0) {
    return { status: 400, body: json(400, { detail: "Invalid limit or offset." }) };
  }
  const link = (at: number | null) => {
    if (at === null) return null;
    const query = new URLSearchParams(request.query);
    query.set("limit", String(limit));
    if (at === 0) query.delete("offset");
    else query.set("offset", String(at));
    return `${request.baseUrl}/${path}?${query.toString()}`;
  };
  const page = items.slice(offset, offset + limit);
  return {
    status: 200,
    page,
    value: {
      count: items.length,
      next: link(offset + limit < items.length ? offset + limit : null),
      previous: link(offset > 0 ? Math.max(0, offset - limit) : null),
    },
  };
}

function renderTest(world: DojoWorld, test: SimDojoTest) {
  return {
    id: test.id,
    tags: [],
    test_type_name: "Trivy Scan",
    finding_groups: [],
    scan_type: "Trivy Scan",
    title: `Trivy image scan ${test.pipeline.ref}@${test.pipeline.sha.slice(0, 8)}`,
    description: null,
    target_start: dojoTime(test.created),
    target_end: dojoTime(test.created),
    estimated_time: null,
    actual_time: null,
    percent_complete: 100,
    updated: dojoTime(test.created),
    created: dojoTime(test.created),
    version: null,
    build_id: test.buildId,
    commit_hash: test.commitHash,
    branch_tag: test.branchTag,
    engagement: world.engagementId(test.project),
    lead: 3,
    test_type: 112,
    environment: 1,
    api_scan_configuration: null,
    notes: [],
    files: [],
  };
}

function displayStatus(f: SimDojoFinding): string {
  if (f.falsePositive) return "Inactive, False Positive";
  if (f.riskAccepted) return "Inactive, Risk Accepted";
  if (f.mitigatedAt !== null) return "Inactive, Mitigated";
  if (f.duplicate) return "Inactive, Duplicate";
  return f.verified ? "Active, Verified" : "Active";
}

function renderFinding(world: DojoWorld, f: SimDojoFinding, testId: number, t: number) {
  const { finding } = f;
  const severity = SEVERITY[finding.severity];
  const hash = Rng.derive(f.id, "hash").hex(64);
  return {
    id: f.id,
    tags: [],
    accepted_risks: [],
    push_to_jira: false,
    age: Math.max(0, Math.floor(((f.mitigatedAt ?? t) - f.firstSeen) / 86_400_000)),
    sla_days_remaining: null,
    finding_meta: [],
    related_fields: null,
    jira_creation: null,
    jira_change: null,
    display_status: displayStatus(f),
    finding_groups: [],
    vulnerability_ids: [{ vulnerability_id: finding.ruleId }],
    title: `${finding.ruleId} ${finding.packageName ?? ""} ${finding.installedVersion ?? ""}`.replace(/\s+/g, " ").trim(),
    date: dojoDay(f.firstSeen),
    sla_start_date: null,
    cwe: finding.cwe ? Number(/CWE-(\d+)/.exec(finding.cwe)?.[1] ?? 0) : 0,
    epss_score: null,
    epss_percentile: null,
    cvssv3: null,
    cvssv3_score: null,
    url: null,
    severity: severity.name,
    description: finding.title,
    mitigation: finding.fixedVersion ? `Upgrade to version: ${finding.fixedVersion}` : "No known fix",
    impact: severity.name,
    steps_to_reproduce: null,
    severity_justification: null,
    references: finding.ruleId.startsWith("CVE-") ? `https://avd.aquasec.com/nvd/${finding.ruleId.toLowerCase()}` : null,
    active: f.active,
    verified: f.verified,
    false_p: f.falsePositive,
    duplicate: f.duplicate,
    out_of_scope: false,
    risk_accepted: f.riskAccepted,
    under_review: false,
    last_status_update: dojoTime(f.updatedAt),
    under_defect_review: false,
    is_mitigated: f.mitigatedAt !== null,
    thread_id: 0,
    mitigated: f.mitigatedAt === null ? null : dojoTime(f.mitigatedAt),
    numerical_severity: severity.numerical,
    param: null,
    payload: null,
    hash_code: hash,
    line: finding.line,
    file_path: finding.file,
    component_name: finding.packageName,
    component_version: finding.installedVersion,
    static_finding: true,
    dynamic_finding: false,
    created: dojoTime(f.firstSeen),
    scanner_confidence: null,
    unique_id_from_tool: null,
    vuln_id_from_tool: finding.ruleId,
    sast_source_object: null,
    sast_sink_object: null,
    sast_source_line: null,
    sast_source_file_path: null,
    nb_occurences: null,
    publish_date: null,
    service: null,
    planned_remediation_date: null,
    planned_remediation_version: null,
    effort_for_fixing: null,
    test: testId,
    duplicate_finding: null,
    review_requested_by: null,
    defect_review_requested_by: null,
    mitigated_by: f.mitigatedAt === null ? null : 1,
    reporter: 1,
    last_reviewed: null,
    last_reviewed_by: null,
    sonarqube_issue: null,
    endpoints: [],
    reviewers: [],
    notes: [],
    files: [],
    found_by: [112],
  };
}

const TEST_ORDERING = new Set(["created", "updated", "build_id", "commit_hash", "branch_tag", "engagement", "title", "target_start", "target_end"]);

function orderTests(tests: SimDojoTest[], o: string | null): SimDojoTest[] | ApiResponse {
  if (!o) return tests;
  const field = o.replace(/^-/, "");
  if (!TEST_ORDERING.has(field)) return json(400, { o: [`Select a valid choice. ${o} is not one of the available choices.`] });
  const sign = o.startsWith("-") ? -1 : 1;
  const key = (test: SimDojoTest): number | string =>
    field === "build_id" ? test.buildId ?? "" : field === "commit_hash" ? test.commitHash ?? "" : field === "branch_tag" ? test.branchTag : field === "engagement" ? test.project.index : test.created;
  return [...tests].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return (ka < kb ? -1 : ka > kb ? 1 : a.id - b.id) * sign;
  });
}

export function handleDojoApi(world: DojoWorld, request: DojoRequest): ApiResponse {
  const { query, t } = request;
  const path = request.path.endsWith("/") ? request.path : `${request.path}/`;

  if (path === "api/v2/tests/") {
    let tests = world.tests(t);
    const filters: Array<[string, (test: SimDojoTest) => string | null]> = [
      ["build_id", (x) => x.buildId],
      ["commit_hash", (x) => x.commitHash],
      ["branch_tag", (x) => x.branchTag],
      ["engagement", (x) => String(world.engagementId(x.project))],
      ["id", (x) => String(x.id)],
    ];
    for (const [name, value] of filters) {
      const wanted = query.get(name);
      if (wanted !== null && wanted !== "") tests = tests.filter((test) => value(test) === wanted);
    }
    const ordered = orderTests(tests, query.get("o"));
    if (!Array.isArray(ordered)) return ordered;
    const paged = paginate(ordered, request, "api/v2/tests/");
    if (paged.status === 400) return paged.body;
    return json(200, { ...paged.value, results: paged.page.map((test) => renderTest(world, test)), prefetch: {} });
  }

  const single = /^api\/v2\/tests\/(\d+)\/$/.exec(path);
  if (single) {
    const test = world.test(Number(single[1]), t);
    return test ? json(200, renderTest(world, test)) : NOT_FOUND;
  }

  if (path === "api/v2/findings/") {
    const testParam = query.get("test");
    const tests = testParam ? world.tests(t).filter((x) => String(x.id) === testParam) : latestPerProject(world, t);
    let rows = tests.flatMap((test) => world.testFindings(test, t).map((f) => ({ test, f })));
    const flags: Array<[string, (f: SimDojoFinding) => boolean]> = [
      ["active", (f) => f.active],
      ["verified", (f) => f.verified],
      ["false_p", (f) => f.falsePositive],
      ["duplicate", (f) => f.duplicate],
      ["risk_accepted", (f) => f.riskAccepted],
      ["is_mitigated", (f) => f.mitigatedAt !== null],
    ];
    for (const [name, flag] of flags) {
      const wanted = query.get(name);
      if (wanted === "true" || wanted === "false") rows = rows.filter(({ f }) => flag(f) === (wanted === "true"));
    }
    const severity = query.get("severity");
    if (severity) rows = rows.filter(({ f }) => SEVERITY[f.finding.severity].name === severity);
    const paged = paginate(rows, request, "api/v2/findings/");
    if (paged.status === 400) return paged.body;
    return json(200, { ...paged.value, results: paged.page.map(({ test, f }) => renderFinding(world, f, test.id, t)), prefetch: {} });
  }

  return NOT_FOUND;
}

/** Without `test`, the findings of each product's latest import. */
function latestPerProject(world: DojoWorld, t: number): SimDojoTest[] {
  const latest = new Map<number, SimDojoTest>();
  for (const test of world.tests(t)) {
    const current = latest.get(test.project.id);
    if (!current || test.created > current.created) latest.set(test.project.id, test);
  }
  return [...latest.values()];
}
