import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Config } from "../config";
import type { Logger } from "../log";
import { startSimulator } from "../simulator";

type Endpoint = { url: string; token: string };

export interface Upstream {
  gitlab: Endpoint;
  /** Null when not configured (a real GitLab without SonarQube or DefectDojo). */
  sonarqube: Endpoint | null;
  defectdojo: Endpoint | null;
  demo: boolean;
  close(): Promise<void>;
}

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
export async function openUpstream(config: Config, logger: Logger): Promise<Upstream> {
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
  });
  logger.info({ url: simulator.url }, "demo mode: simulated CWIQ GitLab started");
  // A configured SonarQube or DefectDojo wins over the simulated one.
  const pick = (server: Config["sonarqube"], simulated: Endpoint) => (server.mode === "remote" ? { url: server.url, token: server.token } : simulated);
  return {
    gitlab: { url: simulator.url, token: simulator.token },
    sonarqube: pick(config.sonarqube, simulator.sonarqube),
    defectdojo: pick(config.defectdojo, simulator.defectdojo),
    demo: true,
    close: () => simulator.close(),
  };
}
