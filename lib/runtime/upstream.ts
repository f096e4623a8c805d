import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { ChannelConfig, Config } from "@/lib/platform/config";
import type { Logger } from "@/lib/platform/log";
import type { Endpoint } from "@/lib/ingest/loop";

/** An upstream that can be told where to send GitLab's webhooks (a real GitLab's are set up in GitLab). */
export interface UpstreamWebhooks {
  /** Starts POSTing Pipeline, Job and Deployment Hooks to `targetUrl` with `secret` as X-Gitlab-Token. */
  start(targetUrl: string, secret: string): void;
  stop(): Promise<void>;
}

export interface Upstream {
  gitlab: Endpoint;
  /** Null when not configured (a real GitLab without SonarQube or DefectDojo). */
  sonarqube: Endpoint | null;
  defectdojo: Endpoint | null;
  demo: boolean;
  /** Only the simulated GitLab, unless DEMO_WEBHOOKS is off. */
  webhooks?: UpstreamWebhooks;
  /** Demo mode: the simulated platform's alert receivers, used when no ALERT_* channel is configured. */
  alertChannels?: ChannelConfig[];
  close(): Promise<void>;
}

/** Where the simulated platform receives alerts (see simulator/receivers). */
export interface SimulatedAlertReceivers {
  secret: string;
  webhookUrl: string;
  slackUrl: string;
  teamsUrl: string;
  smtpUrl: string;
}

/** What demo mode needs of the simulated CWIQ platform (simulator/): its endpoints, its hooks, a stop. */
export interface SimulatedPlatform extends Endpoint {
  sonarqube: Endpoint;
  defectdojo: Endpoint;
  webhooks: UpstreamWebhooks;
  alertReceivers?: SimulatedAlertReceivers;
  close(): Promise<void>;
}

const ALL = { rules: null, services: null };

/** Demo mode shows alerts arriving: every channel kind, pointed at the simulated platform's receivers. */
function demoAlertChannels(r: SimulatedAlertReceivers): ChannelConfig[] {
  return [
    { kind: "webhook", url: r.webhookUrl, secret: r.secret, route: ALL },
    { kind: "slack", url: r.slackUrl, route: ALL },
    { kind: "teams", url: r.teamsUrl, route: ALL },
    { kind: "email", smtpUrl: r.smtpUrl, from: "stageboard@cwiq.example", to: ["platform-team@cwiq.example"], route: ALL },
  ];
}

/** How demo mode starts it; the entry points pass the simulator's own `startSimulator`, so lib never imports it. */
export type StartSimulatedPlatform = (options: {
  port: number;
  now: number;
  startAt: number;
  historyDays: number;
  liveIntervalSeconds: number;
  rateLimitPerMinute: number;
  projectCount: number;
}) => Promise<SimulatedPlatform>;

/** Seconds between new simulated pipelines in demo mode, so a visitor sees the board move. */
const DEMO_LIVE_INTERVAL_SECONDS = 90;

/**
 * The demo world is anchored to the moment it was first started (kept in the data
 * folder), so restarts continue the same history instead of inventing a new one.
 */
async function demoAnchor(dataDir: string): Promise<number> {
  const file = path.resolve(dataDir, "demo-anchor");
  const stored = await readFile(file, "utf8").catch(() => "");
  if (/^\d+$/.test(stored.trim())) return Number(stored.trim());
  const anchor = Date.now();
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, String(anchor));
  return anchor;
}

/** The configured GitLab, or the built-in simulated CWIQ GitLab in demo mode. */
export async function openUpstream(config: Config, logger: Logger, startSimulator: StartSimulatedPlatform): Promise<Upstream> {
  if (config.gitlab.mode === "gitlab") {
    const remote = (server: Config["sonarqube"]) => (server.mode === "remote" ? { url: server.url, token: server.token } : null);
    return {
      gitlab: { url: config.gitlab.url, token: config.gitlab.token },
      sonarqube: remote(config.sonarqube),
      defectdojo: remote(config.defectdojo),
      demo: false,
      close: async () => {},
    };
  }
  const simulator = await startSimulator({
    port: config.simulatorPort,
    now: await demoAnchor(config.dataDir),
    startAt: Date.now(),
    historyDays: config.backfillDays,
    liveIntervalSeconds: DEMO_LIVE_INTERVAL_SECONDS,
    // Generous, like a self-managed GitLab: the first backfill should not wait on the limit.
    rateLimitPerMinute: 6_000,
    projectCount: config.demoServices,
  });
  logger.info({ url: simulator.url }, "demo mode: simulated CWIQ GitLab started");
  return demoUpstream(config, simulator);
}

/** The simulated GitLab (and its SonarQube and DefectDojo, unless real ones are configured) as the upstream. */
export function demoUpstream(config: Config, simulator: SimulatedPlatform): Upstream {
  // A configured SonarQube or DefectDojo wins over the simulated one.
  const pick = (server: Config["sonarqube"], simulated: Endpoint) => (server.mode === "remote" ? { url: server.url, token: server.token } : simulated);
  return {
    gitlab: { url: simulator.url, token: simulator.token },
    sonarqube: pick(config.sonarqube, simulator.sonarqube),
    defectdojo: pick(config.defectdojo, simulator.defectdojo),
    demo: true,
    webhooks: config.demoWebhooks
      ? { start: (targetUrl, secret) => simulator.webhooks.start(targetUrl, secret), stop: () => simulator.webhooks.stop() }
      : undefined,
    alertChannels: simulator.alertReceivers ? demoAlertChannels(simulator.alertReceivers) : undefined,
    close: () => simulator.close(),
  };
}

/**
 * In demo mode with DEMO_WEBHOOKS on, the simulated GitLab and the webhook route need a shared secret:
 * GITLAB_WEBHOOK_SECRET when set, otherwise a random one made now and put into `env`, where the route's
 * configuration (read on its first request) finds it. Call before the web server is prepared.
 */
export function withDemoWebhookSecret(config: Config, env: Record<string, string | undefined> = process.env): Config {
  if (config.gitlab.mode !== "demo" || !config.demoWebhooks || config.webhookSecret) return config;
  const secret = randomBytes(32).toString("hex");
  env.GITLAB_WEBHOOK_SECRET = secret;
  return { ...config, webhookSecret: secret };
}

/** Where this process's own webhook route is reached from the same machine, for a server listening on `host`. */
export function localWebhookUrl(host: string, port: number): string {
  const wildcard = host === "0.0.0.0" || host === "::" || host === "";
  const address = wildcard ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  return `http://${address}:${port}/api/webhooks/gitlab`;
}

/**
 * Points the upstream's webhooks (the simulated GitLab's) at this server's route, listening on `port`,
 * when it has them and a secret is set; returns them, to be stopped before the server closes.
 */
export function startUpstreamWebhooks(upstream: Upstream, config: Config, port: number): UpstreamWebhooks | undefined {
  if (!upstream.webhooks || !config.webhookSecret) return undefined;
  upstream.webhooks.start(localWebhookUrl(config.host, port), config.webhookSecret);
  return upstream.webhooks;
}
