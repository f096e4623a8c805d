import type http from "node:http";
import type { ApiResponse } from "../api-types";
import type { SimSeverity } from "../findings/types";
import { Rng } from "../random";
import type { DojoDirectory, DojoEngagementRecord, DojoProductRecord, DojoTestRecord } from "./directory";
import type { SimDojoFinding } from "./world";

/**
 * DefectDojo API v2 as far as Stageboard reads it: products (by name), engagements (by product and
 * name), tests (by engagement, build id, commit, branch tag, ordered by `o`) and findings by test,
 * with Django REST framework's limit/offset pagination (`count`, `next`, `previous`, `results`) and
 * its error shape `{"detail": …}`. As django-filter does, a query parameter that is not one of a
 * list's filters is ignored, not refused: `engagement__product` on tests, for one, is not a filter.
 * An old server (`oldServer`) knew fewer: its tests list had only `id`, `title` and `engagement`, no
 * `o`, and listed by id; products had no `name_exact`.
 */

export interface DojoRequest {
  /** Below the DefectDojo base URL, e.g. `api/v2/tests/`. */
  path: string;
  query: URLSearchParams;
  t: number;
  /** Base of absolute `next`/`previous` links, e.g. `http://127.0.0.1:4100/defectdojo`. */
  baseUrl: string;
}

/** Which DefectDojo to imitate where versions differ. */
export interface DojoAnswerFormat {
  oldServer: boolean;
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

function renderTest(test: DojoTestRecord) {
  return {
    id: test.id,
    tags: [],
    test_type_name: test.scanType,
    finding_groups: [],
    scan_type: test.scanType,
    title: test.title,
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
    engagement: test.engagementId,
    lead: 3,
    test_type: 112,
    environment: 1,
    api_scan_configuration: null,
    notes: [],
    files: [],
  };
}

function renderProduct(product: DojoProductRecord) {
  return {
    id: product.id,
    tags: [],
    product_meta: [],
    name: product.name,
    description: "Product was automatically created by the import-scan API",
    created: dojoTime(product.created),
    prod_numeric_grade: null,
    business_criticality: null,
    platform: null,
    lifecycle: null,
    origin: null,
    user_records: null,
    revenue: null,
    external_audience: false,
    internet_accessible: false,
    enable_product_tag_inheritance: false,
    enable_simple_risk_acceptance: false,
    enable_full_risk_acceptance: true,
    disable_sla_breach_notifications: false,
    product_manager: null,
    technical_contact: null,
    team_manager: null,
    prod_type: 1,
    sla_configuration: 1,
    members: [],
    authorization_groups: [],
    regulations: [],
  };
}

function renderEngagement(engagement: DojoEngagementRecord) {
  return {
    id: engagement.id,
    tags: [],
    name: engagement.name,
    description: "",
    version: "",
    first_contacted: null,
    target_start: dojoDay(engagement.created),
    target_end: dojoDay(engagement.created + 365 * 86_400_000),
    reason: null,
    updated: dojoTime(engagement.created),
    created: dojoTime(engagement.created),
    active: true,
    tracker: null,
    test_strategy: null,
    threat_model: false,
    api_test: false,
    pen_test: false,
    check_list: false,
    status: "In Progress",
    progress: "threat_model",
    tmodel_path: "none",
    done_testing: false,
    engagement_type: "CI/CD",
    build_id: null,
    commit_hash: null,
    branch_tag: "",
    source_code_management_uri: null,
    deduplication_on_engagement: false,
    lead: 3,
    requester: null,
    preset: null,
    report_type: null,
    product: engagement.productId,
    build_server: null,
    source_code_management_server: null,
    orchestration_engine: null,
    notes: [],
    files: [],
    risk_acceptance: [],
  };
}

function displayStatus(f: SimDojoFinding): string {
  if (f.falsePositive) return "Inactive, False Positive";
  if (f.riskAccepted) return "Inactive, Risk Accepted";
  if (f.mitigatedAt !== null) return "Inactive, Mitigated";
  if (f.duplicate) return "Inactive, Duplicate";
  return f.verified ? "Active, Verified" : "Active";
}

function renderFinding(f: SimDojoFinding, testId: number, t: number) {
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

function orderTests(tests: DojoTestRecord[], o: string | null): DojoTestRecord[] | ApiResponse {
  if (!o) return tests;
  const field = o.replace(/^-/, "");
  if (!TEST_ORDERING.has(field)) return json(400, { o: [`Select a valid choice. ${o} is not one of the available choices.`] });
  const sign = o.startsWith("-") ? -1 : 1;
  const key = (test: DojoTestRecord): number | string =>
    field === "build_id"
      ? (test.buildId ?? "")
      : field === "commit_hash"
        ? (test.commitHash ?? "")
        : field === "branch_tag"
          ? (test.branchTag ?? "")
          : field === "engagement"
            ? test.engagementId
            : field === "title"
              ? test.title
              : test.created;
  return [...tests].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return (ka < kb ? -1 : ka > kb ? 1 : a.id - b.id) * sign;
  });
}

type Filter<T> = [name: string, value: (item: T) => string | null];

/** Exact-match filters, each only when given (an empty value is no filter, as in django-filter). */
function applyFilters<T>(items: T[], query: URLSearchParams, filters: ReadonlyArray<Filter<T>>): T[] {
  let out = items;
  for (const [name, value] of filters) {
    const wanted = query.get(name);
    if (wanted !== null && wanted !== "") out = out.filter((item) => value(item) === wanted);
  }
  return out;
}

/** A ModelChoiceFilter given an id that does not exist answers 400, as DefectDojo does. */
function invalidChoice(query: URLSearchParams, name: string, ids: readonly number[]): ApiResponse | null {
  const wanted = query.get(name);
  if (wanted === null || wanted === "" || ids.some((id) => String(id) === wanted)) return null;
  return json(400, { [name]: ["Select a valid choice. That choice is not one of the available choices."] });
}

function listed<T>(items: readonly T[], request: DojoRequest, path: string, render: (item: T) => object): ApiResponse {
  const paged = paginate(items, request, path);
  if (paged.status === 400) return paged.body;
  return json(200, { ...paged.value, results: paged.page.map(render), prefetch: {} });
}

export function handleDojoApi(directory: DojoDirectory, request: DojoRequest, format: DojoAnswerFormat = { oldServer: false }): ApiResponse {
  const { query, t } = request;
  const path = request.path.endsWith("/") ? request.path : `${request.path}/`;

  if (path === "api/v2/products/") {
    let products = directory.products();
    const name = query.get("name");
    if (name) products = products.filter((p) => p.name.toLowerCase().includes(name.toLowerCase()));
    const exact = format.oldServer ? null : query.get("name_exact");
    if (exact) products = products.filter((p) => p.name.toLowerCase() === exact.toLowerCase());
    const ids = query.get("id")?.split(",").filter(Boolean);
    if (ids) products = products.filter((p) => ids.includes(String(p.id)));
    return listed(products, request, "api/v2/products/", renderProduct);
  }

  if (path === "api/v2/engagements/") {
    const engagements = directory.engagements();
    const refused = invalidChoice(query, "product", directory.products().map((p) => p.id));
    if (refused) return refused;
    const filters: ReadonlyArray<Filter<DojoEngagementRecord>> = [
      ["id", (e) => String(e.id)],
      ["product", (e) => String(e.productId)],
      ["name", (e) => e.name],
    ];
    return listed(applyFilters(engagements, query, filters), request, "api/v2/engagements/", renderEngagement);
  }

  if (path === "api/v2/tests/") {
    const refused = invalidChoice(query, "engagement", directory.engagements().map((e) => e.id));
    if (refused) return refused;
    const filters: ReadonlyArray<Filter<DojoTestRecord>> = [
      ["id", (x) => String(x.id)],
      ["title", (x) => x.title],
      ["engagement", (x) => String(x.engagementId)],
      ...(format.oldServer
        ? []
        : ([
            ["build_id", (x) => x.buildId],
            ["commit_hash", (x) => x.commitHash],
            ["branch_tag", (x) => x.branchTag],
            ["scan_type", (x) => x.scanType],
          ] satisfies Array<Filter<DojoTestRecord>>)),
    ];
    const tests = applyFilters(directory.tests(t), query, filters);
    const ordered = format.oldServer ? tests : orderTests(tests, query.get("o"));
    if (!Array.isArray(ordered)) return ordered;
    return listed(ordered, request, "api/v2/tests/", renderTest);
  }

  const single = /^api\/v2\/tests\/(\d+)\/$/.exec(path);
  if (single) {
    const test = directory.test(Number(single[1]), t);
    return test ? json(200, renderTest(test)) : NOT_FOUND;
  }

  if (path === "api/v2/findings/") {
    const testParam = query.get("test");
    const tests = testParam ? directory.tests(t).filter((x) => String(x.id) === testParam) : latestPerEngagement(directory, t);
    let rows = tests.flatMap((test) => directory.findings(test, t).map((f) => ({ test, f })));
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
    return json(200, { ...paged.value, results: paged.page.map(({ test, f }) => renderFinding(f, test.id, t)), prefetch: {} });
  }

  return NOT_FOUND;
}

/** Without `test`, the findings of each engagement's latest import. */
function latestPerEngagement(directory: DojoDirectory, t: number): DojoTestRecord[] {
  const latest = new Map<number, DojoTestRecord>();
  for (const test of directory.tests(t)) {
    const current = latest.get(test.engagementId);
    if (!current || test.created > current.created) latest.set(test.engagementId, test);
  }
  return [...latest.values()];
}
