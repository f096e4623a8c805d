import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, publicConfig } from "./index";
import { routes } from "./alerts";

function errorOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a configuration error");
}

describe("alert configuration", () => {
  it("has every rule on with CWIQ's thresholds and no channel by default", () => {
    const { alerts } = loadConfig({});
    expect(alerts.disabled.size).toBe(0);
    expect(alerts.channels).toEqual([]);
    expect(alerts.thresholds.stageFailingRuns).toBe(3);
    expect(alerts.thresholds.gitlabDownMinutes).toBe(10);
  });

  it.each([
    [{ ALERT_WEBHOOK_URL: "ftp://hooks.example", ALERT_WEBHOOK_SECRET: "0123456789abcdef" }, "ALERT_WEBHOOK_URL: must be an http:// or https:// URL"],
    [{ ALERT_WEBHOOK_URL: "https://hooks.example/x" }, "ALERT_WEBHOOK_SECRET: must be set"],
    [{ ALERT_SLACK_WEBHOOK_URL: "hooks.slack.com/services/T/B/X" }, "ALERT_SLACK_WEBHOOK_URL: must be an http:// or https:// URL"],
    [{ ALERT_TEAMS_WEBHOOK_URL: "not a url" }, "ALERT_TEAMS_WEBHOOK_URL: must be an http:// or https:// URL"],
    [{ ALERT_SMTP_URL: "http://mail.example" }, "ALERT_SMTP_URL: must be an smtp:// or smtps:// URL"],
    [{ ALERT_SMTP_URL: "smtp://mail.example:25", ALERT_EMAIL_FROM: "x@example.com" }, "ALERT_EMAIL_TO: must list at least one address"],
    [{ ALERT_RULES_OFF: "main_pipeline_failed,nope" }, 'ALERT_RULES_OFF: "nope" is not a rule'],
    [{ ALERT_STAGE_FAILING_RUNS: "three" }, "ALERT_STAGE_FAILING_RUNS: must be a whole number"],
    [{ ALERT_SLACK_WEBHOOK_URL: "https://hooks.slack.com/services/T/B/X", ALERT_SLACK_SERVICES: "billing" }, 'ALERT_SLACK_SERVICES: "billing" is not a service'],
  ])("stops start-up with one line naming the variable: %j", (env, message) => {
    expect(errorOf(env)).toContain(message);
  });

  it("routes rules by name or audience and by service; Stageboard's own alerts go to every channel taking the rule", () => {
    const { alerts } = loadConfig({
      ALERT_SLACK_WEBHOOK_URL: "https://hooks.slack.com/services/T/B/SECRET",
      ALERT_SLACK_RULES: "security,main_pipeline_failed,gitlab_unreachable",
      ALERT_SLACK_SERVICES: "server",
    });
    const route = alerts.channels[0]?.route;
    if (!route) throw new Error("no channel");
    expect(routes(route, "new_critical_finding", "server")).toBe(true);
    expect(routes(route, "main_pipeline_failed", "server")).toBe(true);
    expect(routes(route, "main_pipeline_failed", "ui")).toBe(false);
    expect(routes(route, "dev_unhealthy", "server")).toBe(false);
    expect(routes(route, "gitlab_unreachable", null)).toBe(true);
  });

  it("switches the test flake rule off on its own; jobs and tests share one flake threshold; engineers' routes take both", () => {
    const { alerts } = loadConfig({
      ALERT_RULES_OFF: "test_flaky",
      ALERT_FLAKE_RATE_PERCENT: "20",
      ALERT_FLAKE_MIN_RUNS: "5",
      ALERT_TEAMS_WEBHOOK_URL: "https://teams.example/hook",
      ALERT_TEAMS_RULES: "engineers",
    });
    expect([...alerts.disabled]).toEqual(["test_flaky"]);
    expect(alerts.thresholds).toMatchObject({ flakeRatePercent: 20, flakeMinRuns: 5, flakeWindowDays: 7 });
    const route = alerts.channels[0]?.route;
    if (!route) throw new Error("no channel");
    expect(routes(route, "test_flaky", "ui")).toBe(true);
    expect(routes(route, "job_flaky", "ui")).toBe(true);
    expect(routes(route, "new_critical_finding", "ui")).toBe(false);
  });

  it("keeps channel URLs, secrets and the SMTP password out of the public configuration", () => {
    const config = loadConfig({
      ALERT_WEBHOOK_URL: "https://hooks.example/abc",
      ALERT_WEBHOOK_SECRET: "hmac-secret-0123456789",
      ALERT_SLACK_WEBHOOK_URL: "https://hooks.slack.com/services/T/B/SLACKTOKEN",
      ALERT_SMTP_URL: "smtp://user:SMTPPASSWORD@mail.example:587",
      ALERT_EMAIL_FROM: "stageboard@example.com",
      ALERT_EMAIL_TO: "a@example.com,b@example.com",
    });
    expect(config.alerts.channels.map((c) => c.kind)).toEqual(["webhook", "slack", "email"]);
    const visible = JSON.stringify(publicConfig(config));
    for (const secret of ["hmac-secret", "SLACKTOKEN", "SMTPPASSWORD", "hooks.example"]) expect(visible).not.toContain(secret);
  });
});
