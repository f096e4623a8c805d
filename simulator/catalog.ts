/** Fixed cast of the simulated CWIQ GitLab: projects, people, runners, branch topics. */
import { CWIQ_SERVICES, cwiqServiceNames } from "@/lib/domain/cwiq";

export interface ProjectSpec {
  id: number;
  name: string;
  /** Full path with namespace, e.g. `cwiq/server`; a bare name is placed under `cwiq/`. */
  path: string;
}

/** CWIQ grown to `count` services, all under the shared templates: cwiq/server 101, cwiq/iam-api 102, … */
export function cwiqProjects(count: number): ProjectSpec[] {
  return cwiqServiceNames(count).map((name, i) => ({ id: 101 + i, name, path: `cwiq/${name}` }));
}

/** cwiq/server 101, cwiq/iam-api 102, cwiq/ui 103, cwiq/executor 104. */
export const DEFAULT_PROJECTS: readonly ProjectSpec[] = cwiqProjects(CWIQ_SERVICES.length);

export interface SimUser {
  id: number;
  username: string;
  name: string;
  email: string;
  createdAt: string;
}

function person(id: number, username: string, name: string, createdAt: string): SimUser {
  return { id, username, name, email: `${username}@cwiq.example`, createdAt };
}

/** Engineers who push; the bot owns scheduled pipelines. */
export const ENGINEERS: readonly SimUser[] = [
  person(12, "amara.okafor", "Amara Okafor", "2021-03-02T09:14:05.120Z"),
  person(17, "lukas.berg", "Lukas Berg", "2021-04-19T11:02:44.880Z"),
  person(23, "priya.nair", "Priya Nair", "2021-06-07T08:31:12.004Z"),
  person(31, "mateo.silva", "Mateo Silva", "2022-01-10T14:45:51.617Z"),
  person(38, "hannah.kim", "Hannah Kim", "2022-05-23T07:59:30.250Z"),
  person(44, "jonas.weber", "Jonas Weber", "2022-09-12T10:20:08.731Z"),
  person(52, "sofia.rossi", "Sofia Rossi", "2023-02-06T13:11:47.092Z"),
  person(61, "david.cohen", "David Cohen", "2023-08-28T15:37:21.468Z"),
];

export const RELEASE_BOT: SimUser = person(90, "cwiq-release-bot", "CWIQ Release Bot", "2021-02-15T12:00:00.000Z");

export interface SimRunner {
  id: number;
  description: string;
}

export const RUNNERS: readonly SimRunner[] = [
  { id: 4101, description: "cwiq-k8s-runner-a" },
  { id: 4102, description: "cwiq-k8s-runner-b" },
  { id: 4103, description: "cwiq-k8s-runner-c" },
  { id: 4117, description: "cwiq-kaniko-runner" },
];

/** Branch topics: `prefix/slug` plus the words used in commit titles on that branch. */
export const BRANCH_TOPICS: ReadonlyArray<readonly [string, string]> = [
  ["feature/login-rate-limit", "login rate limit"],
  ["feature/sso-saml", "SAML single sign-on"],
  ["feature/audit-log-export", "audit log export"],
  ["feature/job-queue-priorities", "job queue priorities"],
  ["feature/webhook-retries", "webhook retries"],
  ["feature/tenant-quotas", "tenant quotas"],
  ["feature/api-key-rotation", "API key rotation"],
  ["feature/executor-sandbox", "executor sandbox limits"],
  ["feature/metrics-endpoint", "Prometheus metrics endpoint"],
  ["feature/cursor-pagination", "cursor pagination"],
  ["feature/bulk-import", "bulk import"],
  ["feature/dark-mode", "dark mode"],
  ["feature/role-editor", "role editor"],
  ["feature/scan-dashboard", "scan dashboard"],
  ["fix/token-refresh-race", "token refresh race"],
  ["fix/null-tenant-crash", "crash on missing tenant"],
  ["fix/report-timezones", "timezones in reports"],
  ["fix/worker-memory-leak", "worker memory leak"],
  ["fix/flaky-session-test", "flaky session test"],
  ["fix/cors-preflight", "CORS preflight"],
  ["fix/slow-search-query", "slow search query"],
  ["fix/migration-lock-timeout", "migration lock timeout"],
  ["fix/table-overflow", "table overflow on small screens"],
  ["fix/retry-backoff", "retry backoff"],
  ["fix/password-reset-link", "password reset link expiry"],
  ["fix/executor-zombie-pods", "zombie executor pods"],
  ["chore/bump-dependencies", "dependency updates"],
  ["chore/python-3-12", "Python 3.12 upgrade"],
];

export const FEATURE_VERBS: readonly string[] = ["Add", "Implement", "Wire up", "Extend", "Refactor", "Handle"];
export const FIX_VERBS: readonly string[] = ["Fix", "Guard against", "Handle", "Work around", "Resolve"];
export const FOLLOW_UPS: readonly string[] = [
  "Address review comments",
  "Add tests for {topic}",
  "Fix lint errors",
  "Update docs for {topic}",
  "Simplify {topic} handling",
  "Rename helpers after review",
  "Increase test coverage",
];
