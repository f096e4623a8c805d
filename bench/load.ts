import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import autocannon from "autocannon";
import { z } from "zod";
import { DEFAULT_SERVICES } from "@/lib/platform/config";
import { freePort } from "@/lib/platform/db/embedded";
import { runOpenLoop } from "./open-loop";
import { percentile, report } from "./stats";

const CONNECTIONS = Number(process.env.BENCH_LOAD_CONNECTIONS ?? 200);
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 30);
/**
 * Requests per second each client sends. An open dashboard asks every UI_REFRESH_SECONDS (10 s by
 * default), so 2 per second is 20 times a real client; 200 of them offer 400 requests/s.
 */
const RATE_PER_CLIENT = Number(process.env.BENCH_LOAD_RATE_PER_CLIENT ?? 2);
/** Clients for the capacity run: each sends its next request as soon as the last is answered. */
const CAPACITY_CONNECTIONS = 50;
const CAPACITY_SECONDS = 10;

const resultSchema = z.object({
  requests: z.object({ average: z.number() }),
  errors: z.number(),
  timeouts: z.number(),
  non2xx: z.number(),
});

/**
 * The web server as `npm start` runs it (scripts/start.ts, production build) on a free loopback port
 * against `databaseUrl`, as a web-only process (SYNC_IN_PROCESS=false, the documented setup beside
 * `npm run sync`), sign-in off. The GitLab address is never asked: no sync runs in it.
 */
async function startServer(databaseUrl: string): Promise<{ url: string; stop(): Promise<void> }> {
  if (!existsSync(".next/BUILD_ID")) {
    const build = spawnSync("npx", ["--no-install", "next", "build"], { stdio: ["ignore", "ignore", "inherit"] });
    if (build.status !== 0) throw new Error("next build failed");
  }
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    PORT: String(port),
    HOST: "127.0.0.1",
    SYNC_IN_PROCESS: "false",
    GITLAB_URL: "http://127.0.0.1:9",
    GITLAB_TOKEN: "bench-web-only",
  };
  for (const name of Object.keys(env)) if (name.startsWith("AUTH_")) delete env[name];
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], { env, stdio: ["ignore", "ignore", "inherit"] });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  for (let i = 0; i < 300; i++) {
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    if (i === 299) {
      child.kill("SIGTERM");
      throw new Error("the server did not answer /api/health within 30 s");
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/**
 * CONNECTIONS concurrent clients for SECONDS on the overview and service APIs of the production
 * server, on loopback, against the loaded bench database, each asking RATE_PER_CLIENT times per
 * second on its own schedule (bench/open-loop.ts): errors (failed, timed out or non-2xx), latency
 * p50/p99 and requests per second. Apart from that, what the server can take at most: autocannon's
 * clients, each sending its next request as soon as the last is answered. (Latency under that is
 * only the length of the queue, clients / throughput, so it is not the latency figure.)
 */
export async function benchLoad(databaseUrl: string) {
  const server = await startServer(databaseUrl);
  try {
    // Each client alternates the overview with one service page after another.
    const paths = DEFAULT_SERVICES.flatMap((s) => ["/api/overview", `/api/services/${s}`]);
    const requests = paths.map((path) => ({ method: "GET" as const, path }));
    const closedLoop = async (connections: number, duration: number) =>
      resultSchema.parse(await autocannon({ url: server.url, requests, timeout: 10, connections, duration }));
    // Warm up: compile-free in production, but the JIT, connection pools and answers start cold.
    await closedLoop(10, 3);
    const capacity = await closedLoop(CAPACITY_CONNECTIONS, CAPACITY_SECONDS);

    const result = await runOpenLoop({ url: server.url, clients: CONNECTIONS, ratePerClient: RATE_PER_CLIENT, seconds: SECONDS, paths, timeoutMs: 10_000 });
    report("load.connections", CONNECTIONS, "clients");
    report("load.rate_per_client", RATE_PER_CLIENT, "requests/s");
    report("load.seconds", SECONDS, "s");
    report("load.requests", result.requests, "requests");
    report("load.errors", result.errors, "requests");
    report("load.p50_ms", Math.round(percentile(result.latencies, 50)), "ms");
    report("load.p99_ms", Math.round(percentile(result.latencies, 99)), "ms");
    report("load.requests_per_s", Math.round(result.requests / result.seconds), "requests/s");
    report("load.capacity_requests_per_s", Math.round(capacity.requests.average), `requests/s (${CAPACITY_CONNECTIONS} clients without pause)`);
    report("load.capacity_errors", capacity.errors + capacity.timeouts + capacity.non2xx, "requests");
  } finally {
    await server.stop();
  }
}
