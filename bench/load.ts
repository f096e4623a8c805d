import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import autocannon from "autocannon";
import { z } from "zod";
import { DEFAULT_SERVICES } from "../lib/config";
import { freePort } from "../lib/db/embedded";
import { report } from "./stats";

const CONNECTIONS = Number(process.env.BENCH_LOAD_CONNECTIONS ?? 200);
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 30);

const resultSchema = z.object({
  latency: z.object({ p50: z.number(), p99: z.number() }),
  requests: z.object({ average: z.number(), total: z.number() }),
  errors: z.number(),
  timeouts: z.number(),
  non2xx: z.number(),
});

/** The production server (`next start`) on a free loopback port against `databaseUrl`, sign-in off. */
async function startServer(databaseUrl: string): Promise<{ url: string; stop(): Promise<void> }> {
  if (!existsSync(".next/BUILD_ID")) {
    const build = spawnSync("npx", ["--no-install", "next", "build"], { stdio: ["ignore", "ignore", "inherit"] });
    if (build.status !== 0) throw new Error("next build failed");
  }
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: "production", LOG_LEVEL: "warn" };
  for (const name of Object.keys(env)) if (name.startsWith("AUTH_")) delete env[name];
  // Its own process group, so stopping it stops the server and not only npx in front of it.
  const child = spawn("npx", ["--no-install", "next", "start", "-H", "127.0.0.1", "-p", String(port)], { env, stdio: ["ignore", "ignore", "inherit"], detached: true });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  for (let i = 0; i < 300; i++) {
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    if (i === 299) {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
      throw new Error("next start did not answer /api/health within 30 s");
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async stop() {
      if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, "SIGTERM");
      await exited;
    },
  };
}

/**
 * CONNECTIONS concurrent clients for SECONDS on the overview and service APIs of the production
 * server, on loopback, against the loaded bench database: errors (failed, timed out or non-2xx),
 * latency p50/p99 and requests per second.
 */
export async function benchLoad(databaseUrl: string) {
  const server = await startServer(databaseUrl);
  try {
    const paths = ["/api/overview", ...DEFAULT_SERVICES.map((s) => `/api/services/${s}`)];
    // Warm up: compile-free in production, but connection pools and caches start cold.
    for (const path of paths) await fetch(`${server.url}${path}`).then((r) => r.arrayBuffer());
    // Each client alternates the overview with one service page after another.
    const requests = DEFAULT_SERVICES.flatMap((s) => [
      { method: "GET" as const, path: "/api/overview" },
      { method: "GET" as const, path: `/api/services/${s}` },
    ]);
    const result = resultSchema.parse(await autocannon({ url: server.url, connections: CONNECTIONS, duration: SECONDS, requests, timeout: 10 }));
    report("load.connections", CONNECTIONS, "clients");
    report("load.seconds", SECONDS, "s");
    report("load.requests", result.requests.total, "requests");
    report("load.errors", result.errors + result.timeouts + result.non2xx, "requests");
    report("load.p50_ms", result.latency.p50, "ms");
    report("load.p99_ms", result.latency.p99, "ms");
    report("load.requests_per_s", Math.round(result.requests.average), "requests/s");
  } finally {
    await server.stop();
  }
}
