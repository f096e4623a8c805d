import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, publicConfig } from "./index";

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

  it("never puts the token in what the browser gets", () => {
    const config = loadConfig({ GITLAB_URL: "https://gitlab.example.com", GITLAB_TOKEN: "glpat-secret" });
    const json = JSON.stringify(publicConfig(config));
    expect(json).not.toContain("glpat-secret");
    expect(JSON.parse(json)).toMatchObject({ demoMode: false, refreshIntervalMs: 10_000 });
  });
});
