import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, loadScanArtifacts, publicConfig } from "./index";

function errorOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a configuration error");
}

describe("loadConfig", () => {
  it("runs in demo mode with the four CWIQ services when nothing is set", () => {
    const config = loadConfig({});
    expect(config.gitlab).toEqual({ mode: "demo" });
    expect(config.services).toEqual([
      { name: "server", project: "cwiq/server" },
      { name: "iam-api", project: "cwiq/iam-api" },
      { name: "ui", project: "cwiq/ui" },
      { name: "executor", project: "cwiq/executor" },
    ]);
    expect(config.pollIntervalSeconds).toBe(30);
    expect(config.backfillDays).toBe(30);
    expect(config.databaseUrl).toBeUndefined();
  });

  it("grows the demo to DEMO_SERVICES services from the CWIQ templates, and refuses it against a real GitLab", () => {
    const config = loadConfig({ DEMO_SERVICES: "100" });
    expect(config.services).toHaveLength(100);
    expect(config.services[0]).toEqual({ name: "server", project: "cwiq/server" });
    expect(config.services[4]).toEqual({ name: "billing-api", project: "cwiq/billing-api" });
    expect(errorOf({ DEMO_SERVICES: "0" })).toMatch(/^DEMO_SERVICES: /);
    expect(errorOf({ GITLAB_URL: "https://gitlab.example.com", GITLAB_TOKEN: "glpat-x", DEMO_SERVICES: "100" })).toMatch(/^DEMO_SERVICES: .*STAGEBOARD_SERVICES/);
  });

  it("sets no request ceiling of its own unless GITLAB_MAX_REQUESTS_PER_MINUTE says so", () => {
    expect(loadConfig({}).maxRequestsPerMinute).toBe(0);
    expect(loadConfig({ GITLAB_MAX_REQUESTS_PER_MINUTE: "1800" }).maxRequestsPerMinute).toBe(1800);
    expect(errorOf({ GITLAB_MAX_REQUESTS_PER_MINUTE: "-5" })).toMatch(/^GITLAB_MAX_REQUESTS_PER_MINUTE: /);
  });

  it("reads a real GitLab, services by path or id, and numbers", () => {
    const config = loadConfig({
      GITLAB_URL: "https://gitlab.example.com/",
      GITLAB_TOKEN: "glpat-secret",
      STAGEBOARD_SERVICES: "server=platform/server, ui=42",
      SYNC_INTERVAL_SECONDS: "60",
      BACKFILL_DAYS: "7",
      DATABASE_URL: "postgresql://u:p@db:5432/stageboard",
    });
    expect(config.gitlab).toEqual({ mode: "gitlab", url: "https://gitlab.example.com", token: "glpat-secret" });
    expect(config.services).toEqual([
      { name: "server", project: "platform/server" },
      { name: "ui", project: "42" },
    ]);
    expect(config.pollIntervalSeconds).toBe(60);
    expect(config.backfillDays).toBe(7);
    expect(config.databaseUrl).toBe("postgresql://u:p@db:5432/stageboard");
  });

  it.each([
    [{ GITLAB_URL: "https://gitlab.example.com" }, /^GITLAB_TOKEN: is required when GITLAB_URL is set/],
    [{ GITLAB_TOKEN: "x" }, /^GITLAB_URL: is required/],
    [{ GITLAB_URL: "gitlab.example.com", GITLAB_TOKEN: "x" }, /^GITLAB_URL: must be a URL/],
    [{ GITLAB_URL: "ftp://gitlab.example.com", GITLAB_TOKEN: "x" }, /^GITLAB_URL: must start with http/],
    [{ SYNC_INTERVAL_SECONDS: "soon" }, /^SYNC_INTERVAL_SECONDS: must be a whole number/],
    [{ SYNC_INTERVAL_SECONDS: "1" }, /^SYNC_INTERVAL_SECONDS: must be at least 5/],
    [{ BACKFILL_DAYS: "0" }, /^BACKFILL_DAYS: must be at least 1/],
    [{ DATABASE_URL: "mysql://localhost/x" }, /^DATABASE_URL: must be a postgresql:\/\/ connection URL/],
    [{ STAGEBOARD_SERVICES: "server" }, /^STAGEBOARD_SERVICES: "server" is not name=group\/project/],
    [{ STAGEBOARD_SERVICES: "server=a/b,server=a/c" }, /^STAGEBOARD_SERVICES: service "server" is listed twice/],
    [{ STAGEBOARD_SERVICES: "server=not a path" }, /^STAGEBOARD_SERVICES: project "not a path" of server/],
    [{ SYNC_IN_PROCESS: "maybe" }, /^SYNC_IN_PROCESS: must be true or false/],
    [{ LOG_LEVEL: "loud" }, /^LOG_LEVEL: must be one of/],
  ])("rejects %j with one line naming the variable", (env, message) => {
    const text = errorOf(env as Record<string, string>);
    expect(text).toMatch(message);
    expect(text).not.toContain("\n");
  });

  it("reads each service's DefectDojo product and engagement by name; others keep the defaults", () => {
    const config = loadConfig({ DEFECTDOJO_PRODUCTS: "server=CWIQ Server, ui = Web UI=v2", DEFECTDOJO_ENGAGEMENTS: "server=CI/CD,executor=GitLab CI" });
    expect(config.defectdojoTargets).toEqual({
      server: { product: "CWIQ Server", engagement: "CI/CD" },
      ui: { product: "Web UI=v2" },
      executor: { engagement: "GitLab CI" },
    });
    expect(loadConfig({}).defectdojoTargets).toEqual({});
  });

  it.each([
    [{ DEFECTDOJO_PRODUCTS: "server" }, /^DEFECTDOJO_PRODUCTS: "server" is not service=name/],
    [{ DEFECTDOJO_PRODUCTS: "server=" }, /^DEFECTDOJO_PRODUCTS: "server=" is not service=name/],
    [{ DEFECTDOJO_PRODUCTS: "sever=CWIQ Server" }, /^DEFECTDOJO_PRODUCTS: "sever" is not a service of STAGEBOARD_SERVICES \(server, iam-api, ui, executor\)/],
    [{ DEFECTDOJO_ENGAGEMENTS: "ui=A,ui=B" }, /^DEFECTDOJO_ENGAGEMENTS: service "ui" is listed twice/],
  ])("rejects the DefectDojo target %j naming the variable", (env, message) => {
    expect(errorOf(env)).toMatch(message);
  });

  it("never puts the token in what the browser gets", () => {
    const config = loadConfig({ GITLAB_URL: "https://gitlab.example.com", GITLAB_TOKEN: "glpat-secret" });
    const json = JSON.stringify(publicConfig(config));
    expect(json).not.toContain("glpat-secret");
    expect(JSON.parse(json)).toMatchObject({ demoMode: false, refreshIntervalMs: 10_000 });
  });
});

describe("sign-in configuration", () => {
  const secret = "s".repeat(32);
  const gitlab = { GITLAB_URL: "https://gitlab.example.com", GITLAB_TOKEN: "glpat-secret" };

  it("is off without a provider, in demo mode and against a real GitLab", () => {
    expect(loadConfig({}).auth).toEqual({ mode: "off" });
    expect(loadConfig(gitlab).auth).toEqual({ mode: "off" });
    expect(publicConfig(loadConfig({})).signIn).toBe(false);
  });

  it("signs in with GitLab at GITLAB_URL by default, or at AUTH_GITLAB_URL", () => {
    const env = { ...gitlab, AUTH_SECRET: secret, AUTH_GITLAB_ID: "app-id", AUTH_GITLAB_SECRET: "gloas-secret", AUTH_GITLAB_GROUP: "cwiq/platform" };
    expect(loadConfig(env).auth).toEqual({
      mode: "gitlab",
      secret,
      client: { issuer: "https://gitlab.example.com", id: "app-id", secret: "gloas-secret" },
      group: "cwiq/platform",
      securityMinAccess: 10,
    });
    const elsewhere = loadConfig({ ...env, AUTH_GITLAB_URL: "https://sso.example.com/" }).auth;
    expect(elsewhere.mode !== "off" && elsewhere.client?.issuer).toBe("https://sso.example.com");
  });

  it("uses gitlab.com as the issuer when no GitLab URL is set", () => {
    const auth = loadConfig({ AUTH_SECRET: secret, AUTH_GITLAB_ID: "id", AUTH_GITLAB_SECRET: "x" }).auth;
    expect(auth.mode === "gitlab" && auth.client?.issuer).toBe("https://gitlab.com");
  });

  it("runs the demo simulator as provider, its client filled in once it listens", () => {
    const before = loadConfig({ AUTH_PROVIDER: "simulator", AUTH_SECRET: secret }).auth;
    expect(before).toEqual({ mode: "simulator", secret, client: undefined, group: undefined, securityMinAccess: 10 });
    const after = loadConfig({ AUTH_PROVIDER: "simulator", AUTH_SECRET: secret, AUTH_GITLAB_URL: "http://127.0.0.1:4000", AUTH_GITLAB_ID: "demo", AUTH_GITLAB_SECRET: "demo-secret" }).auth;
    expect(after.mode !== "off" && after.client).toEqual({ issuer: "http://127.0.0.1:4000", id: "demo", secret: "demo-secret" });
  });

  it("reads the role that shows security findings", () => {
    const auth = loadConfig({ AUTH_PROVIDER: "simulator", AUTH_SECRET: secret, AUTH_SECURITY_MIN_ROLE: "Developer" }).auth;
    expect(auth.mode !== "off" && auth.securityMinAccess).toBe(30);
  });

  it.each([
    [{ AUTH_GITLAB_ID: "id", AUTH_GITLAB_SECRET: "x" }, /^AUTH_SECRET: is required when sign-in is on/],
    [{ AUTH_GITLAB_ID: "id", AUTH_GITLAB_SECRET: "x", AUTH_SECRET: "short" }, /^AUTH_SECRET: must be at least 32 characters/],
    [{ AUTH_GITLAB_ID: "id", AUTH_SECRET: secret }, /^AUTH_GITLAB_SECRET: is required/],
    [{ AUTH_GITLAB_SECRET: "x", AUTH_SECRET: secret }, /^AUTH_GITLAB_ID: is required/],
    [{ AUTH_PROVIDER: "okta", AUTH_SECRET: secret }, /^AUTH_PROVIDER: must be gitlab or simulator/],
    [{ AUTH_PROVIDER: "simulator", AUTH_SECRET: secret, AUTH_SECURITY_MIN_ROLE: "admin" }, /^AUTH_SECURITY_MIN_ROLE: must be one of guest, reporter, developer, maintainer, owner/],
    [{ AUTH_PROVIDER: "simulator", AUTH_SECRET: secret, ...gitlab }, /^AUTH_PROVIDER: simulator is only for demo mode/],
    [{ AUTH_GITLAB_GROUP: "cwiq" }, /^AUTH_GITLAB_GROUP: needs a sign-in provider/],
    [{ AUTH_PROVIDER: "simulator", AUTH_SECRET: secret, AUTH_GITLAB_GROUP: "cwiq platform" }, /^AUTH_GITLAB_GROUP: must be a GitLab group path/],
    [{ AUTH_PROVIDER: "gitlab", AUTH_SECRET: secret, AUTH_GITLAB_ID: "id", AUTH_GITLAB_SECRET: "x", AUTH_GITLAB_URL: "sso" }, /^AUTH_GITLAB_URL: must be a URL/],
  ])("rejects %j with one line naming the variable", (env, message) => {
    const text = errorOf(env as Record<string, string>);
    expect(text).toMatch(message);
    expect(text).not.toContain("\n");
  });

  it("never puts the session secret or client secret in what the browser gets", () => {
    const config = loadConfig({ ...gitlab, AUTH_SECRET: secret, AUTH_GITLAB_ID: "app-id", AUTH_GITLAB_SECRET: "gloas-secret" });
    const json = JSON.stringify(publicConfig(config));
    expect(json).not.toContain(secret);
    expect(json).not.toContain("gloas-secret");
    expect(JSON.parse(json)).toMatchObject({ signIn: true });
  });
});

describe("SonarQube and DefectDojo configuration", () => {
  const gitlab = { GITLAB_URL: "https://gitlab.example.com", GITLAB_TOKEN: "glpat-secret" };
  const servers = {
    SONARQUBE_URL: "https://sonar.example.com/",
    SONARQUBE_TOKEN: "squ_secret",
    DEFECTDOJO_URL: "https://dojo.example.com",
    DEFECTDOJO_TOKEN: "dojo-secret",
  };

  it("uses the simulator in demo mode and nothing against a real GitLab without them", () => {
    const demo = loadConfig({});
    expect(demo.sonarqube).toEqual({ mode: "demo" });
    expect(demo.defectdojo).toEqual({ mode: "demo" });
    const real = loadConfig(gitlab);
    expect(real.sonarqube).toEqual({ mode: "off" });
    expect(real.defectdojo).toEqual({ mode: "off" });
  });

  it("reads both servers, each without a trailing slash", () => {
    const config = loadConfig({ ...gitlab, ...servers });
    expect(config.sonarqube).toEqual({ mode: "remote", url: "https://sonar.example.com", token: "squ_secret" });
    expect(config.defectdojo).toEqual({ mode: "remote", url: "https://dojo.example.com", token: "dojo-secret" });
  });

  it.each([
    [{ SONARQUBE_URL: "https://sonar.example.com" }, /^SONARQUBE_TOKEN: is required when SONARQUBE_URL is set/],
    [{ SONARQUBE_TOKEN: "squ_x" }, /^SONARQUBE_URL: is required when SONARQUBE_TOKEN is set/],
    [{ DEFECTDOJO_URL: "https://dojo.example.com" }, /^DEFECTDOJO_TOKEN: is required when DEFECTDOJO_URL is set/],
    [{ DEFECTDOJO_TOKEN: "k" }, /^DEFECTDOJO_URL: is required/],
    [{ SONARQUBE_URL: "sonar", SONARQUBE_TOKEN: "x" }, /^SONARQUBE_URL: must be a URL/],
  ])("rejects %j with one line naming the variable", (env, message) => {
    const text = errorOf(env as Record<string, string>);
    expect(text).toMatch(message);
    expect(text).not.toContain("\n");
  });

  it("never puts their tokens in what the browser gets", () => {
    const json = JSON.stringify(publicConfig(loadConfig({ ...gitlab, ...servers })));
    expect(json).not.toContain("squ_secret");
    expect(json).not.toContain("dojo-secret");
  });
});

describe("FINDING_MAX_AGE_DAYS", () => {
  it("flags criticals after 7 days and highs after 30 by default, and tells the browser only the thresholds", () => {
    const config = loadConfig({});
    expect(config.findingMaxAgeDays).toEqual({ CRITICAL: 7, HIGH: 30 });
    expect(publicConfig(config).findingMaxAgeDays).toEqual({ CRITICAL: 7, HIGH: 30 });
  });

  it("replaces the defaults with the listed severities, in any case", () => {
    expect(loadConfig({ FINDING_MAX_AGE_DAYS: "Critical=3, medium=90" }).findingMaxAgeDays).toEqual({ CRITICAL: 3, MEDIUM: 90 });
  });

  it("names the variable and the problem for a bad value", () => {
    expect(errorOf({ FINDING_MAX_AGE_DAYS: "critical" })).toMatch(/^FINDING_MAX_AGE_DAYS: "critical" is not severity=days/);
    expect(errorOf({ FINDING_MAX_AGE_DAYS: "urgent=3" })).toMatch(/^FINDING_MAX_AGE_DAYS: "urgent=3"/);
    expect(errorOf({ FINDING_MAX_AGE_DAYS: "high=0" })).toBe("FINDING_MAX_AGE_DAYS: high: days must be from 1 to 3650");
    expect(errorOf({ FINDING_MAX_AGE_DAYS: "high=1,HIGH=2" })).toBe("FINDING_MAX_AGE_DAYS: HIGH is listed twice");
  });
});

describe("GitLab webhooks", () => {
  it("are off without a secret and reconcile every 300 s while they arrive", () => {
    const config = loadConfig({});
    expect(config.webhookSecret).toBeUndefined();
    expect(config.reconcileIntervalSeconds).toBe(300);
  });

  it("read the secret and the reconcile interval, and keep the secret from the browser", () => {
    const config = loadConfig({ GITLAB_WEBHOOK_SECRET: " a-long-webhook-secret ", SYNC_RECONCILE_SECONDS: "600" });
    expect(config.webhookSecret).toBe("a-long-webhook-secret");
    expect(config.reconcileIntervalSeconds).toBe(600);
    expect(JSON.stringify(publicConfig(config))).not.toContain("a-long-webhook-secret");
  });

  it("refuse a guessable secret and a bad interval", () => {
    expect(errorOf({ GITLAB_WEBHOOK_SECRET: "short" })).toBe("GITLAB_WEBHOOK_SECRET: must be at least 16 characters");
    expect(errorOf({ SYNC_RECONCILE_SECONDS: "often" })).toMatch(/^SYNC_RECONCILE_SECONDS: must be a whole number/);
  });
});

describe("SCAN_ARTIFACTS", () => {
  it("defaults to the five CWIQ artifacts", () => {
    expect(loadConfig({}).scanArtifacts).toEqual([
      { job: "semgrep", file: "semgrep-results.sarif", tool: "semgrep" },
      { job: "trivy-fs-scan", file: "trivy-fs-results.sarif", tool: "trivy-fs" },
      { job: "trivy-image-scan", file: "trivy-image-results.json", tool: "trivy-image" },
      { job: "test", file: "coverage.xml", tool: "cobertura" },
      { job: "build-push", file: "build.env", tool: "dotenv" },
    ]);
    expect(loadConfig({ SCAN_ARTIFACTS: "  " }).scanArtifacts).toHaveLength(5);
  });

  it("reads job:file[:tool], the tool from the file name when left out; job names may hold colons", () => {
    const config = loadConfig({
      SCAN_ARTIFACTS: [
        "semgrep-sast:gl-sast-report.json",
        "secret_detection:gl-secret-detection-report.json",
        "gemnasium-dependency_scanning:gl-dependency-scanning-report.json",
        "container_scanning:gl-container-scanning-report.json",
        "lint:secrets:reports/gitleaks.sarif",
        "bandit:bandit-results.sarif",
        "test:unit:coverage/cobertura.xml:cobertura",
        "scan:trivy.sarif:trivy-fs",
      ].join(", "),
    });
    expect(config.scanArtifacts).toEqual([
      { job: "semgrep-sast", file: "gl-sast-report.json", tool: "gitlab-sast" },
      { job: "secret_detection", file: "gl-secret-detection-report.json", tool: "gitlab-secrets" },
      { job: "gemnasium-dependency_scanning", file: "gl-dependency-scanning-report.json", tool: "gitlab-dependencies" },
      { job: "container_scanning", file: "gl-container-scanning-report.json", tool: "gitlab-container" },
      { job: "lint:secrets", file: "reports/gitleaks.sarif", tool: "gitleaks" },
      { job: "bandit", file: "bandit-results.sarif", tool: "sarif" },
      { job: "test:unit", file: "coverage/cobertura.xml", tool: "cobertura" },
      { job: "scan", file: "trivy.sarif", tool: "trivy-fs" },
    ]);
  });

  it("a tool named explicitly wins over the file name", () => {
    expect(loadConfig({ SCAN_ARTIFACTS: "semgrep:semgrep-results.sarif:sarif" }).scanArtifacts).toEqual([
      { job: "semgrep", file: "semgrep-results.sarif", tool: "sarif" },
    ]);
  });

  it.each([
    ["semgrep", /^SCAN_ARTIFACTS: "semgrep" is not job:file or job:file:tool$/],
    [":x.sarif", /^SCAN_ARTIFACTS: ":x\.sarif" is not job:file or job:file:tool$/],
    ["semgrep:x.sarif:semgrp", /^SCAN_ARTIFACTS: unknown tool "semgrp" in "semgrep:x\.sarif:semgrp" \(one of semgrep, trivy-fs, .*, dotenv\)$/],
    ["scan:report.json", /^SCAN_ARTIFACTS: cannot tell the tool of "report\.json" from its name: add :TOOL \(one of /],
    ["scan:trivy.sarif", /^SCAN_ARTIFACTS: "trivy\.sarif" could be trivy-fs or trivy-image: add :trivy-fs or :trivy-image$/],
    ["scan:../etc/passwd:sarif", /^SCAN_ARTIFACTS: "\.\.\/etc\/passwd" must be a path inside the job's artifacts/],
    ["a:x.sarif,a:x.sarif", /^SCAN_ARTIFACTS: a:x\.sarif is listed twice$/],
    ["a:x.sarif,b:y.sarif", /^SCAN_ARTIFACTS: sarif is read from both a:x\.sarif and b:y\.sarif; each scanner may be listed once$/],
    [",", /^SCAN_ARTIFACTS: lists no artifact$/],
  ])("rejects %j with one line naming the variable", (value, message) => {
    const text = errorOf({ SCAN_ARTIFACTS: value });
    expect(text).toMatch(message);
    expect(text).not.toContain("\n");
  });

  it("loadScanArtifacts reads the variable alone, with the same errors", () => {
    expect(loadScanArtifacts({ SCAN_ARTIFACTS: "gitleaks:gitleaks.sarif" })).toEqual([{ job: "gitleaks", file: "gitleaks.sarif", tool: "gitleaks" }]);
    expect(() => loadScanArtifacts({ SCAN_ARTIFACTS: "gitleaks" })).toThrow(new ConfigError("SCAN_ARTIFACTS", '"gitleaks" is not job:file or job:file:tool'));
  });
});
