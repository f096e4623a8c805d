import { CWIQ_SERVICES, SEVERITIES, cwiqServiceNames, type ArtifactSpec, type Severity } from "@/lib/domain/cwiq";
import { z } from "zod";
import { parseAlertsConfig, type AlertsConfig } from "./alerts";
import { parseAuthConfig, type AuthConfig } from "./auth";
import { parseScanArtifacts, scanArtifactsSchema } from "./scan-artifacts";

/*
 * Every setting comes from the environment and is checked once, at start-up.
 * A bad value stops Stageboard with one line naming the variable and the problem.
 */

export const DEFAULT_SERVICES = CWIQ_SERVICES;

export interface ServiceConfig {
  name: string;
  /** GitLab project path (`group/name`) or numeric id. */
  project: string;
}

export type GitlabConfig =
  | { mode: "demo" }
  | { mode: "gitlab"; url: string; token: string };

/**
 * SonarQube or DefectDojo: a configured server; in demo mode the simulator's; or off when a real
 * GitLab is configured without it.
 */
export type ScanServerConfig = { mode: "demo" } | { mode: "remote"; url: string; token: string } | { mode: "off" };

/** Where a service's imports are in DefectDojo: a product name and, optionally, one of its engagements. */
export interface DefectDojoTarget {
  product?: string;
  engagement?: string;
}

export interface Config {
  databaseUrl: string | undefined;
  dataDir: string;
  gitlab: GitlabConfig;
  services: ServiceConfig[];
  pollIntervalSeconds: number;
  /** Poll interval while GitLab webhooks keep arriving: polling then only reconciles. */
  reconcileIntervalSeconds: number;
  /** Shared secret GitLab sends as X-Gitlab-Token; undefined: webhooks are off. Never reaches publicConfig. */
  webhookSecret: string | undefined;
  /** Demo mode: the simulated GitLab sends its webhooks to this server (DEMO_WEBHOOKS, on by default). */
  demoWebhooks: boolean;
  backfillDays: number;
  syncConcurrency: number;
  requestTimeoutMs: number;
  /** Run the sync loop inside the web server process. */
  syncInProcess: boolean;
  uiRefreshSeconds: number;
  host: string;
  port: number;
  /** Port of the built-in simulated GitLab in demo mode (0: any free port). */
  simulatorPort: number;
  /** Demo mode: how many services the simulated CWIQ GitLab has (DEMO_SERVICES; its own four by default). */
  demoServices: number;
  /** The sync's own ceiling on GitLab requests per minute (0: only GitLab's RateLimit answers pace it). */
  maxRequestsPerMinute: number;
  logLevel: "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent";
  /** Scan artifacts larger than this (MB) are recorded as errors without being read. */
  maxArtifactMb: number;
  /** A pipeline's test report larger than this (MB) is recorded as an error without being read. */
  maxTestReportMb: number;
  /** Days of test results kept (TEST_RESULTS_DAYS); older results are deleted by the sync. */
  testResultsDays: number;
  /** Which job artifacts the sync reads and how (SCAN_ARTIFACTS; CWIQ's five by default). */
  scanArtifacts: ArtifactSpec[];
  /** Tokens in here never reach publicConfig. */
  sonarqube: ScanServerConfig;
  defectdojo: ScanServerConfig;
  /**
   * By service name (DEFECTDOJO_PRODUCTS, DEFECTDOJO_ENGAGEMENTS). A service without a product is
   * looked for under a product named like the service, then like its GitLab project path.
   */
  defectdojoTargets: Record<string, DefectDojoTarget>;
  /** Sign-in (see ./auth.ts); secrets in here never reach publicConfig. */
  auth: AuthConfig;
  /** Days an open finding of a severity may age before `/security` flags it; severities left out are never flagged. */
  findingMaxAgeDays: FindingMaxAgeDays;
  /** A bearer token that lets a scraper read /metrics without signing in; never reaches publicConfig. */
  metricsToken: string | undefined;
  /** `npm run sync` on its own serves /metrics on this port (0: not served). */
  syncMetricsPort: number;
  /** Alert rules, thresholds and delivery channels (./alerts.ts); channel URLs never reach publicConfig. */
  alerts: AlertsConfig;
}

export type FindingMaxAgeDays = Partial<Record<Severity, number>>;
export const DEFAULT_FINDING_MAX_AGE_DAYS: FindingMaxAgeDays = { CRITICAL: 7, HIGH: 30 };

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = "ConfigError";
  }
}

const optionalString = z
  .string()
  .transform((s) => s.trim())
  .optional()
  .transform((s) => (s ? s : undefined));

const integer = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((s) => (s === undefined || s.trim() === "" ? String(fallback) : s.trim()))
    .pipe(
      z
        .string()
        .regex(/^\d+$/, "must be a whole number")
        .transform(Number)
        .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`)),
    );

const boolean = (fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined || s.trim() === "") return fallback;
      const v = s.trim().toLowerCase();
      if (["1", "true", "yes", "on"].includes(v)) return true;
      if (["0", "false", "no", "off"].includes(v)) return false;
      ctx.addIssue({ code: "custom", message: "must be true or false" });
      return z.NEVER;
    });

const httpUrl = z
  .string()
  .trim()
  .url("must be a URL such as https://gitlab.example.com")
  .refine((u) => /^https?:\/\//i.test(u), "must start with http:// or https://")
  .transform((u) => u.replace(/\/+$/, ""));

const postgresUrl = z
  .string()
  .trim()
  .refine((u) => /^postgres(ql)?:\/\/.+/i.test(u), "must be a postgresql:// connection URL");

/** `critical=7,high=30`: a set value replaces the defaults as a whole (so a severity can be dropped). */
function parseFindingMaxAge(raw: string | undefined): FindingMaxAgeDays {
  if (raw === undefined || raw.trim() === "") return { ...DEFAULT_FINDING_MAX_AGE_DAYS };
  const result: FindingMaxAgeDays = {};
  for (const part of raw.split(",").map((p) => p.trim()).filter(Boolean)) {
    const match = /^([a-z]+)\s*=\s*(\d+)$/i.exec(part);
    const severity = SEVERITIES.find((s) => s === match?.[1]?.toUpperCase());
    if (!match || !severity) {
      throw new ConfigError("FINDING_MAX_AGE_DAYS", `"${part}" is not severity=days (severities: critical, high, medium, low, info)`);
    }
    const days = Number(match[2]);
    if (days < 1 || days > 3_650) throw new ConfigError("FINDING_MAX_AGE_DAYS", `${match[1]}: days must be from 1 to 3650`);
    if (result[severity] !== undefined) throw new ConfigError("FINDING_MAX_AGE_DAYS", `${match[1]} is listed twice`);
    result[severity] = days;
  }
  return result;
}

const servicePattern = /^[a-z0-9][a-z0-9._-]*$/i;

/** `name=project` pairs separated by commas; project is a path (`group/name`) or an id. */
function parseServices(raw: string | undefined, demoServices: number): ServiceConfig[] {
  if (raw === undefined || raw.trim() === "") {
    return cwiqServiceNames(demoServices).map((name) => ({ name, project: `cwiq/${name}` }));
  }
  const services: ServiceConfig[] = [];
  for (const part of raw.split(",").map((p) => p.trim()).filter(Boolean)) {
    const [name, project, ...rest] = part.split("=").map((p) => p.trim());
    if (!name || !project || rest.length > 0) {
      throw new ConfigError("STAGEBOARD_SERVICES", `"${part}" is not name=group/project or name=projectId`);
    }
    if (!servicePattern.test(name)) {
      throw new ConfigError("STAGEBOARD_SERVICES", `service name "${name}" may only hold letters, digits, . _ -`);
    }
    if (!/^\d+$/.test(project) && !/^[\w.-]+(\/[\w.-]+)+$/.test(project)) {
      throw new ConfigError("STAGEBOARD_SERVICES", `project "${project}" of ${name} is neither a numeric id nor a group/project path`);
    }
    if (services.some((s) => s.name === name)) {
      throw new ConfigError("STAGEBOARD_SERVICES", `service "${name}" is listed twice`);
    }
    services.push({ name, project });
  }
  if (services.length === 0) throw new ConfigError("STAGEBOARD_SERVICES", "lists no service");
  return services;
}

/**
 * `service=name` pairs separated by commas (a name may hold spaces and `=`, not commas), for services
 * of STAGEBOARD_SERVICES; each service at most once.
 */
function parseServiceNames(variable: string, raw: string | undefined, services: readonly ServiceConfig[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const part of (raw ?? "").split(",").map((p) => p.trim()).filter(Boolean)) {
    const at = part.indexOf("=");
    const service = part.slice(0, Math.max(at, 0)).trim();
    const name = part.slice(at + 1).trim();
    if (at < 0 || !service || !name) throw new ConfigError(variable, `"${part}" is not service=name`);
    if (!services.some((s) => s.name === service)) {
      throw new ConfigError(variable, `"${service}" is not a service of STAGEBOARD_SERVICES (${services.map((s) => s.name).join(", ")})`);
    }
    if (names.has(service)) throw new ConfigError(variable, `service "${service}" is listed twice`);
    names.set(service, name);
  }
  return names;
}

function parseDojoTargets(products: string | undefined, engagements: string | undefined, services: readonly ServiceConfig[]): Record<string, DefectDojoTarget> {
  const targets: Record<string, DefectDojoTarget> = {};
  for (const [service, product] of parseServiceNames("DEFECTDOJO_PRODUCTS", products, services)) targets[service] = { product };
  for (const [service, engagement] of parseServiceNames("DEFECTDOJO_ENGAGEMENTS", engagements, services)) targets[service] = { ...targets[service], engagement };
  return targets;
}

const envSchema = z.object({
  DATABASE_URL: optionalString.pipe(postgresUrl.optional()),
  STAGEBOARD_DATA_DIR: optionalString,
  GITLAB_URL: optionalString.pipe(httpUrl.optional()),
  GITLAB_TOKEN: optionalString,
  STAGEBOARD_SERVICES: z.string().optional(),
  SYNC_INTERVAL_SECONDS: integer(30, 5, 86_400),
  SYNC_RECONCILE_SECONDS: integer(300, 5, 86_400),
  GITLAB_WEBHOOK_SECRET: optionalString.pipe(z.string().min(16, "must be at least 16 characters").optional()),
  DEMO_WEBHOOKS: boolean(true),
  BACKFILL_DAYS: integer(30, 1, 3_650),
  SYNC_CONCURRENCY: integer(4, 1, 32),
  GITLAB_TIMEOUT_MS: integer(15_000, 100, 300_000),
  SYNC_IN_PROCESS: boolean(true),
  UI_REFRESH_SECONDS: integer(10, 2, 3_600),
  HOST: optionalString,
  PORT: integer(3000, 0, 65_535),
  DEMO_SIMULATOR_PORT: integer(0, 0, 65_535),
  DEMO_SERVICES: integer(DEFAULT_SERVICES.length, 1, 500),
  GITLAB_MAX_REQUESTS_PER_MINUTE: integer(0, 0, 1_000_000),
  SCAN_MAX_ARTIFACT_MB: integer(50, 1, 2048),
  TEST_REPORT_MAX_MB: integer(30, 1, 2048),
  TEST_RESULTS_DAYS: integer(90, 1, 3_650),
  SCAN_ARTIFACTS: scanArtifactsSchema,
  SONARQUBE_URL: optionalString.pipe(httpUrl.optional()),
  SONARQUBE_TOKEN: optionalString,
  DEFECTDOJO_URL: optionalString.pipe(httpUrl.optional()),
  DEFECTDOJO_TOKEN: optionalString,
  DEFECTDOJO_PRODUCTS: z.string().optional(),
  DEFECTDOJO_ENGAGEMENTS: z.string().optional(),
  FINDING_MAX_AGE_DAYS: z.string().optional(),
  AUTH_PROVIDER: optionalString,
  AUTH_SECRET: optionalString,
  AUTH_GITLAB_ID: optionalString,
  AUTH_GITLAB_SECRET: optionalString,
  AUTH_GITLAB_URL: optionalString.pipe(httpUrl.optional()),
  AUTH_GITLAB_GROUP: optionalString,
  AUTH_SECURITY_MIN_ROLE: optionalString,
  METRICS_TOKEN: optionalString.pipe(z.string().min(16, "must be at least 16 characters").optional()),
  SYNC_METRICS_PORT: integer(0, 0, 65_535),
  LOG_LEVEL: z
    .enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"], "must be one of trace, debug, info, warn, error, fatal, silent")
    .optional(),
});

function scanServer(
  name: "SONARQUBE" | "DEFECTDOJO",
  url: string | undefined,
  token: string | undefined,
  demo: boolean,
): ScanServerConfig {
  if (url && !token) throw new ConfigError(`${name}_TOKEN`, `is required when ${name}_URL is set`);
  if (token && !url) throw new ConfigError(`${name}_URL`, `is required when ${name}_TOKEN is set`);
  if (url && token) return { mode: "remote", url, token };
  return demo ? { mode: "demo" } : { mode: "off" };
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? "environment");
    throw new ConfigError(variable, issue?.message ?? "is invalid");
  }
  const e = parsed.data;
  if (e.GITLAB_URL && !e.GITLAB_TOKEN) {
    throw new ConfigError("GITLAB_TOKEN", "is required when GITLAB_URL is set (a token with read_api scope)");
  }
  if (e.GITLAB_TOKEN && !e.GITLAB_URL) {
    throw new ConfigError("GITLAB_URL", "is required when GITLAB_TOKEN is set");
  }
  const demo = !(e.GITLAB_URL && e.GITLAB_TOKEN);
  const sonarqube = scanServer("SONARQUBE", e.SONARQUBE_URL, e.SONARQUBE_TOKEN, demo);
  const defectdojo = scanServer("DEFECTDOJO", e.DEFECTDOJO_URL, e.DEFECTDOJO_TOKEN, demo);
  const auth = parseAuthConfig(e, e.GITLAB_URL);
  if (!auth.ok) throw new ConfigError(auth.variable, auth.problem);
  if (!demo && e.DEMO_SERVICES !== DEFAULT_SERVICES.length) {
    throw new ConfigError("DEMO_SERVICES", "sizes the simulated GitLab of demo mode; with GITLAB_URL set, list your services in STAGEBOARD_SERVICES");
  }
  const services = parseServices(e.STAGEBOARD_SERVICES, e.DEMO_SERVICES);
  const alerts = parseAlertsConfig(env, services.map((s) => s.name));
  if (!alerts.ok) throw new ConfigError(alerts.variable, alerts.problem);
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: e.STAGEBOARD_DATA_DIR ?? ".data",
    gitlab: e.GITLAB_URL && e.GITLAB_TOKEN ? { mode: "gitlab", url: e.GITLAB_URL, token: e.GITLAB_TOKEN } : { mode: "demo" },
    services,
    pollIntervalSeconds: e.SYNC_INTERVAL_SECONDS,
    reconcileIntervalSeconds: e.SYNC_RECONCILE_SECONDS,
    webhookSecret: e.GITLAB_WEBHOOK_SECRET,
    demoWebhooks: e.DEMO_WEBHOOKS,
    backfillDays: e.BACKFILL_DAYS,
    syncConcurrency: e.SYNC_CONCURRENCY,
    requestTimeoutMs: e.GITLAB_TIMEOUT_MS,
    syncInProcess: e.SYNC_IN_PROCESS,
    uiRefreshSeconds: e.UI_REFRESH_SECONDS,
    host: e.HOST ?? "127.0.0.1",
    port: e.PORT,
    simulatorPort: e.DEMO_SIMULATOR_PORT,
    demoServices: e.DEMO_SERVICES,
    maxRequestsPerMinute: e.GITLAB_MAX_REQUESTS_PER_MINUTE,
    logLevel: e.LOG_LEVEL ?? "info",
    auth: auth.auth,
    maxArtifactMb: e.SCAN_MAX_ARTIFACT_MB,
    maxTestReportMb: e.TEST_REPORT_MAX_MB,
    testResultsDays: e.TEST_RESULTS_DAYS,
    scanArtifacts: e.SCAN_ARTIFACTS,
    sonarqube,
    defectdojo,
    defectdojoTargets: parseDojoTargets(e.DEFECTDOJO_PRODUCTS, e.DEFECTDOJO_ENGAGEMENTS, services),
    findingMaxAgeDays: parseFindingMaxAge(e.FINDING_MAX_AGE_DAYS),
    metricsToken: e.METRICS_TOKEN,
    syncMetricsPort: e.SYNC_METRICS_PORT,
    alerts: alerts.alerts,
  };
}

/** SCAN_ARTIFACTS alone, for commands that need only the artifact table (`npm run parse`). */
export function loadScanArtifacts(env: Record<string, string | undefined> = process.env): ArtifactSpec[] {
  const parsed = parseScanArtifacts(env.SCAN_ARTIFACTS);
  if (!parsed.ok) throw new ConfigError("SCAN_ARTIFACTS", parsed.problem);
  return parsed.artifacts;
}

/** What the browser may know about the configuration: no URLs with credentials, no tokens. */
export interface PublicConfig {
  demoMode: boolean;
  refreshIntervalMs: number;
  services: string[];
  /** Whether pages and API routes need a signed-in user. */
  signIn: boolean;
  findingMaxAgeDays: FindingMaxAgeDays;
}

export function publicConfig(config: Config): PublicConfig {
  return {
    demoMode: config.gitlab.mode === "demo",
    refreshIntervalMs: config.uiRefreshSeconds * 1000,
    services: config.services.map((s) => s.name),
    signIn: config.auth.mode !== "off",
    findingMaxAgeDays: config.findingMaxAgeDays,
  };
}
export type { AlertsConfig, ChannelConfig, ChannelKind, ChannelRoute } from "./alerts";
export { routes } from "./alerts";
