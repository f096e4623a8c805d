/**
 * `npm run sim`: the simulated CWIQ GitLab on its own, e.g. to point a local Stageboard or curl at it.
 *
 *   npm run sim -- --port 4010 --seed 7 --days 14 --token my-token --rate 600 --projects 100
 *
 * Flags win over environment variables (SIM_PORT, SIM_SEED, SIM_DAYS, SIM_TOKEN, SIM_RATE, SIM_PROJECTS,
 * SIM_INTERVAL, SIM_PER_DAY, SIM_PER_PROJECT, SIM_FROZEN, SIM_BASE_URL).
 */
import { parseArgs } from "node:util";
import { startSimulator, type SimulatorOptions } from "@/simulator";
import { errorMessage } from "@/lib/domain/error-message";

const USAGE = `usage: npm run sim -- [--port N] [--seed N] [--days N] [--token TOKEN] [--rate N per minute, 0 = unlimited]
                      [--interval seconds between live pipelines, 0 = none] [--per-day N | --per-project N]
                      [--projects N services from the CWIQ templates, default 4] [--frozen] [--base-url URL]`;

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function numberOption(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) fail(`--${name} must be a number >= 0 (got "${raw}")`);
  return value;
}

function readOptions(): SimulatorOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: "string" },
        seed: { type: "string" },
        days: { type: "string" },
        token: { type: "string" },
        rate: { type: "string" },
        interval: { type: "string" },
        "per-day": { type: "string" },
        "per-project": { type: "string" },
        projects: { type: "string" },
        frozen: { type: "boolean" },
        "base-url": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    fail(errorMessage(error));
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const env = process.env;
  const text = (flag: string, envName: string): string | undefined => {
    const value = values[flag];
    return typeof value === "string" ? value : env[envName];
  };
  const options: SimulatorOptions = {
    port: numberOption("port", text("port", "SIM_PORT")),
    seed: numberOption("seed", text("seed", "SIM_SEED")),
    historyDays: numberOption("days", text("days", "SIM_DAYS")),
    token: text("token", "SIM_TOKEN"),
    rateLimitPerMinute: numberOption("rate", text("rate", "SIM_RATE")),
    liveIntervalSeconds: numberOption("interval", text("interval", "SIM_INTERVAL")),
    pipelinesPerDay: numberOption("per-day", text("per-day", "SIM_PER_DAY")),
    pipelinesPerProject: numberOption("per-project", text("per-project", "SIM_PER_PROJECT")),
    projectCount: numberOption("projects", text("projects", "SIM_PROJECTS")),
    frozen: values.frozen === true || env.SIM_FROZEN === "1" || env.SIM_FROZEN === "true",
    baseUrl: text("base-url", "SIM_BASE_URL"),
  };
  // Leave unset options to the simulator's defaults.
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as SimulatorOptions;
}

async function main(): Promise<void> {
  const sim = await startSimulator(readOptions());
  console.log(`Simulated CWIQ GitLab: ${sim.url}/api/v4 token: ${sim.token} (control: ${sim.url}/__sim/health)`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    sim.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`stopping on ${signal} failed:`, error);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
