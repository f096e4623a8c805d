import http from "node:http";

/*
 * Clients that each ask on their own schedule, as open dashboards do, whether or not earlier answers
 * have come: RATE requests per second per client, each client starting at a random moment of the
 * first interval, so their requests interleave rather than arrive in one burst. Latency runs from the
 * moment a request was due to its last byte, so a slow server cannot hide its queue by delaying
 * the next requests (coordinated omission). Each client keeps one connection, like a browser tab.
 */

export interface OpenLoopOptions {
  url: string;
  clients: number;
  ratePerClient: number;
  seconds: number;
  /** Paths each client asks for in turn. */
  paths: readonly string[];
  timeoutMs: number;
}

export interface OpenLoopResult {
  requests: number;
  errors: number;
  /** Milliseconds, of the answered requests. */
  latencies: number[];
  seconds: number;
}

function get(agent: http.Agent, url: URL, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent }, (response) => {
      response.on("data", () => {});
      response.on("end", () => resolve(response.statusCode !== undefined && response.statusCode < 300));
      response.on("error", () => resolve(false));
    });
    request.setTimeout(timeoutMs, () => request.destroy(new Error("timed out")));
    request.on("error", () => resolve(false));
  });
}

export async function runOpenLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const intervalMs = 1000 / options.ratePerClient;
  const start = performance.now();
  const end = start + options.seconds * 1000;
  const latencies: number[] = [];
  let errors = 0;

  const client = async (index: number) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const pending: Promise<void>[] = [];
    let due = start + Math.random() * intervalMs;
    let turn = index;
    try {
      while (due < end) {
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const scheduled = due;
        const path = options.paths[turn++ % options.paths.length] ?? "/";
        pending.push(
          get(agent, new URL(path, options.url), options.timeoutMs).then((ok) => {
            if (ok) latencies.push(performance.now() - scheduled);
            else errors += 1;
          }),
        );
        due += intervalMs;
      }
      await Promise.all(pending);
    } finally {
      agent.destroy();
    }
  };

  await Promise.all(Array.from({ length: options.clients }, (_, i) => client(i)));
  return { requests: latencies.length + errors, errors, latencies, seconds: (performance.now() - start) / 1000 };
}
