import { z } from "zod";
import { ALERT_RULES, DEFAULT_THRESHOLDS, RULE_INFO, type AlertRule, type AlertThresholds, type Audience } from "@/lib/domain/alerts/rules";

/*
 * Alert rules and delivery channels from the environment. Channel URLs and the SMTP URL carry
 * credentials (Slack and Teams tokens live in the URL): they stay on the server, never in publicConfig,
 * an API answer or a log line.
 */

export type ChannelKind = "webhook" | "slack" | "teams" | "email";

/** Which alerts a channel gets: null = all. */
export interface ChannelRoute {
  rules: ReadonlySet<AlertRule> | null;
  services: ReadonlySet<string> | null;
}

export type ChannelConfig =
  | { kind: "webhook"; url: string; secret: string; route: ChannelRoute }
  | { kind: "slack"; url: string; route: ChannelRoute }
  | { kind: "teams"; url: string; route: ChannelRoute }
  | { kind: "email"; smtpUrl: string; from: string; to: string[]; route: ChannelRoute };

export interface AlertsConfig {
  /** Rules switched off with ALERT_RULES_OFF. */
  disabled: ReadonlySet<AlertRule>;
  thresholds: AlertThresholds;
  channels: ChannelConfig[];
  /** Where Stageboard is reached, for links in messages (STAGEBOARD_URL); relative links without it. */
  publicUrl: string | undefined;
  /** One delivery attempt's limit. */
  deliveryTimeoutMs: number;
}

export type AlertsParse = { ok: true; alerts: AlertsConfig } | { ok: false; variable: string; problem: string };

type Env = Record<string, string | undefined>;

const fail = (variable: string, problem: string): AlertsParse => ({ ok: false, variable, problem });
const value = (env: Env, name: string): string | undefined => {
  const v = env[name]?.trim();
  return v ? v : undefined;
};
const list = (raw: string | undefined): string[] => (raw ?? "").split(",").map((p) => p.trim()).filter(Boolean);

const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" });
const smtpUrl = z.url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL such as smtp://user:password@mail.example.com:587" });
const email = z.email({ error: "must be an e-mail address" });

const THRESHOLD_VARIABLES: ReadonlyArray<[keyof AlertThresholds, string, number, number]> = [
  ["stageFailingRuns", "ALERT_STAGE_FAILING_RUNS", 2, 100],
  ["flakeRatePercent", "ALERT_FLAKE_RATE_PERCENT", 1, 100],
  ["flakeMinRuns", "ALERT_FLAKE_MIN_RUNS", 1, 10_000],
  ["flakeWindowDays", "ALERT_FLAKE_WINDOW_DAYS", 1, 90],
  ["durationP95IncreasePercent", "ALERT_DURATION_P95_INCREASE_PERCENT", 1, 1_000],
  ["findingAgeWarnDays", "ALERT_FINDING_AGE_WARN_DAYS", 0, 365],
  ["devImageBehindPipelines", "ALERT_DEV_IMAGE_BEHIND_PIPELINES", 1, 1_000],
  ["gitlabDownMinutes", "ALERT_GITLAB_DOWN_MINUTES", 0, 1_440],
  ["syncBehindMinutes", "ALERT_SYNC_BEHIND_MINUTES", 1, 10_080],
  ["clearAfterSeconds", "ALERT_CLEAR_AFTER_SECONDS", 0, 86_400],
];

const AUDIENCES: readonly Audience[] = ["engineers", "security", "managers", "stageboard"];

/** `ALERT_<CHANNEL>_RULES` (rule names or audiences) and `ALERT_<CHANNEL>_SERVICES`. */
function parseRoute(env: Env, channel: string, services: readonly string[]): ChannelRoute | { variable: string; problem: string } {
  const rulesVar = `ALERT_${channel}_RULES`;
  const servicesVar = `ALERT_${channel}_SERVICES`;
  let rules: Set<AlertRule> | null = null;
  for (const item of list(value(env, rulesVar))) {
    rules ??= new Set();
    const audience = AUDIENCES.find((a) => a === item);
    const rule = ALERT_RULES.find((r) => r === item);
    if (audience) {
      for (const r of ALERT_RULES) if (RULE_INFO[r].audience === audience) rules.add(r);
    } else if (rule) rules.add(rule);
    else return { variable: rulesVar, problem: `"${item}" is neither a rule (${ALERT_RULES.join(", ")}) nor an audience (${AUDIENCES.join(", ")})` };
  }
  let only: Set<string> | null = null;
  for (const item of list(value(env, servicesVar))) {
    if (!services.includes(item)) return { variable: servicesVar, problem: `"${item}" is not a service of STAGEBOARD_SERVICES (${services.join(", ")})` };
    (only ??= new Set()).add(item);
  }
  return { rules, services: only };
}

function checked(schema: z.ZodType<string>, raw: string): string | null {
  return schema.safeParse(raw).success ? raw : null;
}

export function parseAlertsConfig(env: Env, services: readonly string[]): AlertsParse {
  const disabled = new Set<AlertRule>();
  for (const item of list(value(env, "ALERT_RULES_OFF"))) {
    const rule = ALERT_RULES.find((r) => r === item);
    if (!rule) return fail("ALERT_RULES_OFF", `"${item}" is not a rule (${ALERT_RULES.join(", ")})`);
    disabled.add(rule);
  }

  const thresholds: AlertThresholds = { ...DEFAULT_THRESHOLDS };
  for (const [field, variable, min, max] of THRESHOLD_VARIABLES) {
    const raw = value(env, variable);
    if (raw === undefined) continue;
    if (!/^\d+$/.test(raw)) return fail(variable, "must be a whole number");
    const n = Number(raw);
    if (n < min || n > max) return fail(variable, `must be from ${min} to ${max}`);
    thresholds[field] = n;
  }

  const channels: ChannelConfig[] = [];
  const route = (channel: string) => parseRoute(env, channel, services);

  const webhookUrl = value(env, "ALERT_WEBHOOK_URL");
  const webhookSecret = value(env, "ALERT_WEBHOOK_SECRET");
  if (webhookUrl) {
    if (!checked(httpUrl, webhookUrl)) return fail("ALERT_WEBHOOK_URL", "must be an http:// or https:// URL");
    if (!webhookSecret || webhookSecret.length < 16) return fail("ALERT_WEBHOOK_SECRET", "must be set (at least 16 characters) to sign ALERT_WEBHOOK_URL's deliveries");
    const r = route("WEBHOOK");
    if ("variable" in r) return fail(r.variable, r.problem);
    channels.push({ kind: "webhook", url: webhookUrl, secret: webhookSecret, route: r });
  } else if (webhookSecret) return fail("ALERT_WEBHOOK_URL", "is required when ALERT_WEBHOOK_SECRET is set");

  for (const [kind, variable, name] of [
    ["slack", "ALERT_SLACK_WEBHOOK_URL", "SLACK"],
    ["teams", "ALERT_TEAMS_WEBHOOK_URL", "TEAMS"],
  ] as const) {
    const url = value(env, variable);
    if (!url) continue;
    if (!checked(httpUrl, url)) return fail(variable, "must be an http:// or https:// URL");
    const r = route(name);
    if ("variable" in r) return fail(r.variable, r.problem);
    channels.push({ kind, url, route: r });
  }

  const smtp = value(env, "ALERT_SMTP_URL");
  if (smtp) {
    if (!checked(smtpUrl, smtp)) return fail("ALERT_SMTP_URL", "must be an smtp:// or smtps:// URL such as smtp://user:password@mail.example.com:587");
    const from = value(env, "ALERT_EMAIL_FROM");
    if (!from || !checked(email, from)) return fail("ALERT_EMAIL_FROM", "must be the sender's e-mail address when ALERT_SMTP_URL is set");
    const to = list(value(env, "ALERT_EMAIL_TO"));
    if (to.length === 0) return fail("ALERT_EMAIL_TO", "must list at least one address when ALERT_SMTP_URL is set");
    const bad = to.find((a) => !checked(email, a));
    if (bad) return fail("ALERT_EMAIL_TO", `"${bad}" is not an e-mail address`);
    const r = route("EMAIL");
    if ("variable" in r) return fail(r.variable, r.problem);
    channels.push({ kind: "email", smtpUrl: smtp, from, to, route: r });
  }

  const publicUrl = value(env, "STAGEBOARD_URL");
  if (publicUrl && !checked(httpUrl, publicUrl)) return fail("STAGEBOARD_URL", "must be an http:// or https:// URL");

  const timeoutRaw = value(env, "ALERT_DELIVERY_TIMEOUT_MS") ?? "5000";
  if (!/^\d+$/.test(timeoutRaw) || Number(timeoutRaw) < 100 || Number(timeoutRaw) > 60_000) {
    return fail("ALERT_DELIVERY_TIMEOUT_MS", "must be a whole number from 100 to 60000");
  }

  return {
    ok: true,
    alerts: { disabled, thresholds, channels, publicUrl: publicUrl?.replace(/\/+$/, ""), deliveryTimeoutMs: Number(timeoutRaw) },
  };
}

/** Whether a channel takes alerts of this rule and service. */
export function routes(route: ChannelRoute, rule: AlertRule, service: string | null): boolean {
  if (route.rules && !route.rules.has(rule)) return false;
  // Stageboard's own alerts (no service) go to every channel that takes the rule.
  return !route.services || service === null || route.services.has(service);
}
