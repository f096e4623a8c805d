import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { stripJsonc } from "@/test/proof/webhook-fixtures";

/*
 * A GitLab that answers with recorded real answers (test/fixtures/real/gitlab-api, sources in SOURCES.md)
 * over real HTTP: each route serves its answer as recorded; anything else is GitLab's 404. Lists are
 * served whole on one page, with GitLab's pagination headers.
 */

const DIR = path.resolve(process.cwd(), "test/fixtures/real/gitlab-api");

/** A recorded answer, as GitLab sent it (a documented example's `//` comments removed). */
export function recorded(file: string): unknown {
  const text = readFileSync(path.join(DIR, file), "utf8");
  return JSON.parse(file.endsWith(".jsonc") ? stripJsonc(text) : text);
}

export interface RecordedGitlab {
  url: string;
  /** Paths asked for, in order (without the query). */
  readonly asked: string[];
  close(): Promise<void>;
}

/** Routes are paths below /api/v4 (`projects/21/pipelines`), each with the JSON to answer. */
export async function startRecordedGitlab(routes: Record<string, unknown>): Promise<RecordedGitlab> {
  const asked: string[] = [];
  const server = http.createServer((req, res) => {
    const route = new URL(req.url ?? "/", "http://recorded").pathname.replace(/^\/api\/v4\//, "");
    asked.push(route);
    const body = routes[route];
    if (body === undefined) {
      res.writeHead(404, { "Content-Type": "application/json" }).end(JSON.stringify({ message: "404 Not found" }));
      return;
    }
    const list = Array.isArray(body) ? { "X-Page": "1", "X-Per-Page": "100", "X-Total": String(body.length), "X-Total-Pages": "1", "X-Next-Page": "" } : {};
    res.writeHead(200, { "Content-Type": "application/json", ...list }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    asked,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
