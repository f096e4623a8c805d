import { GET as deploymentsGet } from "../../app/api/deployments/route";
import { GET as pipelineGet } from "../../app/api/pipelines/[id]/route";
import { GET as securityCsvGet } from "../../app/api/security/findings.csv/route";
import { GET as securityGet } from "../../app/api/security/route";
import { GET as serviceGet } from "../../app/api/services/[name]/route";
import { POST as webhookPost } from "../../app/api/webhooks/gitlab/route";
import { realJobHook, realPipelineHook } from "./webhook-fixtures";

/*
 * Hostile requests against the route handlers as Next calls them: forged webhook tokens, oversized
 * and malformed bodies, SQL and path tricks in route and query parameters, deep nesting, invalid
 * UTF-8, huge numbers, repeated parameters, unicode. Every one must be refused with a 4xx, and
 * nothing may be written. Used by test/proof/bad-input.test.ts and bench/badinput.ts.
 */

export interface HostileCase {
  name: string;
  send(): Promise<Response>;
}

const BASE = "http://localhost";

function webhook(body: BodyInit, headers: Record<string, string>): Promise<Response> {
  // Node needs `duplex` for a streamed body; TypeScript's RequestInit does not know it yet.
  const init: RequestInit & { duplex: "half" } = { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body, duplex: "half" };
  return webhookPost(new Request(`${BASE}/api/webhooks/gitlab`, init));
}

function stream(bytes: Uint8Array, chunk = 64 * 1024): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < bytes.length; i += chunk) controller.enqueue(bytes.slice(i, i + chunk));
      controller.close();
    },
  });
}

const service = (name: string, query = "") =>
  serviceGet(new Request(`${BASE}/api/services/${encodeURIComponent(name)}${query ? `?${query}` : ""}`), { params: Promise.resolve({ name }) });
const pipeline = (id: string) => pipelineGet(new Request(`${BASE}/api/pipelines/${encodeURIComponent(id)}`), { params: Promise.resolve({ id }) });
const security = (query: string) => securityGet(new Request(`${BASE}/api/security?${query}`));
const securityCsv = (query: string) => securityCsvGet(new Request(`${BASE}/api/security/findings.csv?${query}`));
const deployments = (query: string) => deploymentsGet(new Request(`${BASE}/api/deployments?${query}`));

export function hostileCases(secret: string): HostileCase[] {
  const pipelineHook = JSON.stringify(realPipelineHook());
  const good = { "X-Gitlab-Event": "Pipeline Hook", "X-Gitlab-Token": secret };
  const deep = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
  const deepObject = (depth: number) => `{"object_kind":"pipeline","object_attributes":${'{"a":'.repeat(depth)}1${"}".repeat(depth)},"project":{"id":1,"path_with_namespace":"a/b"}}`;
  const withId = (id: unknown) => JSON.stringify({ ...realPipelineHook(), object_attributes: { ...(realPipelineHook().object_attributes ?? {}), id } });
  const huge = new TextEncoder().encode(JSON.stringify({ ...realPipelineHook(), padding: "x".repeat(2_000_000) }));

  const cases: HostileCase[] = [
    // Forged or missing webhook tokens (a valid body: only the token is wrong).
    { name: "webhook: forged token of the same length", send: () => webhook(pipelineHook, { ...good, "X-Gitlab-Token": `${secret.slice(0, -1)}!` }) },
    { name: "webhook: the secret's prefix", send: () => webhook(pipelineHook, { ...good, "X-Gitlab-Token": secret.slice(0, 8) }) },
    { name: "webhook: the secret plus a byte", send: () => webhook(pipelineHook, { ...good, "X-Gitlab-Token": `${secret}x` }) },
    { name: "webhook: the secret upper-cased", send: () => webhook(pipelineHook, { ...good, "X-Gitlab-Token": secret.toUpperCase() }) },
    { name: "webhook: empty token", send: () => webhook(pipelineHook, { ...good, "X-Gitlab-Token": "" }) },
    { name: "webhook: no token", send: () => webhook(pipelineHook, { "X-Gitlab-Event": "Pipeline Hook" }) },
    { name: "webhook: 64 kB token", send: () => webhook(pipelineHook, { ...good, "X-Gitlab-Token": "a".repeat(65_536) }) },
    { name: "webhook: Latin-1 token", send: () => webhook(pipelineHook, { ...good, "X-Gitlab-Token": "sécrét-ÿÿÿÿÿÿÿÿÿÿÿÿÿÿ" }) },
    { name: "webhook: SQL as token", send: () => webhook(pipelineHook, { ...good, "X-Gitlab-Token": "' OR '1'='1" }) },
    { name: "webhook: token in the query instead", send: () => webhookPost(new Request(`${BASE}/api/webhooks/gitlab?token=${secret}`, { method: "POST", headers: { "X-Gitlab-Event": "Pipeline Hook" }, body: pipelineHook })) },
    { name: "webhook: forged token on an oversized body", send: () => webhook(stream(huge), { ...good, "X-Gitlab-Token": "forged-forged-forged" }) },
    // Oversized bodies.
    { name: "webhook: 2 MB body with Content-Length", send: () => webhook(huge, good) },
    { name: "webhook: 2 MB body streamed without a length", send: () => webhook(stream(huge), good) },
    { name: "webhook: 1 MB + 1 byte", send: () => webhook(stream(new Uint8Array((1 << 20) + 1).fill(0x20)), good) },
    { name: "webhook: small Content-Length, large body", send: () => webhook(stream(huge), { ...good, "Content-Length": "10" }) },
    // Malformed and hostile JSON.
    { name: "webhook: deeply nested array (100,000 levels)", send: () => webhook(deep(100_000), good) },
    { name: "webhook: deeply nested object in a known field", send: () => webhook(deepObject(50_000), good) },
    { name: "webhook: truncated JSON", send: () => webhook(pipelineHook.slice(0, pipelineHook.length / 2), good) },
    { name: "webhook: empty body", send: () => webhook("", good) },
    { name: "webhook: JSON null", send: () => webhook("null", good) },
    { name: "webhook: trailing garbage after the JSON", send: () => webhook(`${pipelineHook}garbage`, good) },
    { name: "webhook: invalid UTF-8 bytes", send: () => webhook(new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]), good) },
    { name: "webhook: lone UTF-16 surrogate escape in an id", send: () => webhook(withId("\ud800"), good) },
    { name: "webhook: id 1e309 (Infinity)", send: () => webhook(pipelineHook.replace('"id":31,', '"id":1e309,'), good) },
    { name: "webhook: id 2^63", send: () => webhook(withId(9_223_372_036_854_775_808), good) },
    { name: "webhook: negative id", send: () => webhook(withId(-31), good) },
    { name: "webhook: fractional id", send: () => webhook(withId(31.5), good) },
    { name: "webhook: SQL in the id", send: () => webhook(withId("31; DROP TABLE pipeline; --"), good) },
    { name: "webhook: __proto__ pollution", send: () => webhook('{"__proto__":{"object_kind":"pipeline"},"constructor":{"prototype":{"x":1}}}', good) },
    { name: "webhook: Job Hook body as a Pipeline Hook", send: () => webhook(JSON.stringify(realJobHook()), good) },
    { name: "webhook: Pipeline Hook body as a Job Hook", send: () => webhook(pipelineHook, { ...good, "X-Gitlab-Event": "Job Hook" }) },
    { name: "webhook: 20,000 builds", send: () => webhook(JSON.stringify({ ...realPipelineHook(), builds: Array.from({ length: 20_000 }, (_, i) => ({ id: i + 1, stage: "t", name: "n", status: "s" })) }), good) },
    // SQL and path tricks in route parameters.
    { name: "service: SQL fragment", send: () => service("server' OR '1'='1") },
    { name: "service: UNION SELECT", send: () => service("x' UNION SELECT password FROM users--") },
    { name: "service: path traversal", send: () => service("../../etc/passwd") },
    { name: "service: encoded path traversal", send: () => service("..%2F..%2Fetc%2Fpasswd") },
    { name: "service: double-encoded traversal", send: () => service("%252e%252e%252f") },
    { name: "service: NUL byte", send: () => service("server\u0000") },
    { name: "service: unicode look-alike", send: () => service("sеrver") },
    { name: "service: emoji", send: () => service("😀") },
    { name: "service: right-to-left override", send: () => service("server\u202Egnp.exe") },
    { name: "service: broken percent escape", send: () => service("%E0%A4%A") },
    { name: "service: 5,000 characters", send: () => service("s".repeat(5_000)) },
    { name: "pipeline: SQL", send: () => pipeline("1 OR 1=1") },
    { name: "pipeline: negative", send: () => pipeline("-1") },
    { name: "pipeline: zero", send: () => pipeline("0") },
    { name: "pipeline: beyond 2^53", send: () => pipeline("99999999999999999999") },
    { name: "pipeline: exponent", send: () => pipeline("1e3") },
    { name: "pipeline: hexadecimal", send: () => pipeline("0x10") },
    { name: "pipeline: full-width digits", send: () => pipeline("１２３") },
    { name: "pipeline: path traversal", send: () => pipeline("../1") },
    { name: "pipeline: Infinity", send: () => pipeline("Infinity") },
    // SQL, huge numbers, repeated and control characters in query parameters.
    { name: "service query: SQL in period", send: () => service("server", "period=30;DROP TABLE pipeline") },
    { name: "service query: huge page", send: () => service("server", "page=1e309") },
    { name: "service query: negative page", send: () => service("server", "page=-1") },
    { name: "service query: perPage 100000", send: () => service("server", "perPage=100000") },
    { name: "service query: repeated period", send: () => service("server", "period=30&period=90") },
    { name: "service query: NUL in ref", send: () => service("server", "ref=main%00") },
    { name: "service query: SQL in status", send: () => service("server", "status=failed'%20OR%20'1'='1") },
    { name: "security query: SQL in severity", send: () => security("severity=CRITICAL'%20OR%201=1--") },
    { name: "security query: repeated service", send: () => security("service=server&service=ui") },
    { name: "security query: control character", send: () => security("scanner=trivy%0d%0aSet-Cookie:x") },
    { name: "security query: huge page", send: () => security("page=99999999999999999999999") },
    { name: "security query: sort by an SQL expression", send: () => security("sort=(SELECT%201)") },
    { name: "findings CSV: path in sort", send: () => securityCsv("sort=../../etc/passwd") },
    { name: "findings CSV: repeated dir", send: () => securityCsv("dir=asc&dir=desc") },
    { name: "deployments: SQL in days", send: () => deployments("days=7;DROP%20TABLE%20deployment") },
    { name: "deployments: huge days", send: () => deployments("days=1e309") },
    { name: "deployments: negative days", send: () => deployments("days=-30") },
  ];
  return cases;
}
