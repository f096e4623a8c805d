import http from "node:http";
import type { AddressInfo } from "node:net";
import { handleMetrics } from "@/lib/web/metrics/handler";

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * `/metrics` of a process without a web server (`npm run sync` on its own), whose sync figures the
 * web replicas cannot see. No sessions here: METRICS_TOKEN, when set, is required.
 */
export async function startMetricsServer(options: { host: string; port: number; token: string | undefined }): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" || path !== "/metrics") {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("Only GET /metrics is served here.\n");
      return;
    }
    const headers = new Headers();
    if (req.headers.authorization) headers.set("authorization", req.headers.authorization);
    handleMetrics(new Request(`http://metrics${path}`, { headers }), { token: options.token, signInOn: false, signedIn: async () => false }).then(
      async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers)).end(Buffer.from(await response.arrayBuffer()));
      },
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}/metrics`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
