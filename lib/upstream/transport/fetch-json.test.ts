import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { fetchJson } from "./fetch-json";
import { UpstreamError } from "./upstream-error";

/*
 * A scripted HTTP server plays one answer per request, so each retry rule runs over a real socket.
 * Every answer closes its connection, so a dropped socket never leaks into the next attempt.
 */
type Step = (res: http.ServerResponse) => void;

const ok = (body: unknown): Step => (res) => {
  res.writeHead(200, { "content-type": "application/json", connection: "close" });
  res.end(JSON.stringify(body));
};
const status = (code: number, body = "", headers: Record<string, string> = {}): Step => (res) => {
  res.writeHead(code, { connection: "close", ...headers });
  res.end(body);
};
const hang: Step = () => {};
const drop: Step = (res) => res.socket?.destroy();
const truncated: Step = (res) => {
  res.writeHead(200, { "content-type": "application/json", connection: "close" });
  res.end('{"value": ');
};

let server: http.Server | undefined;
let hits = 0;

async function scripted(steps: Step[]): Promise<string> {
  hits = 0;
  server = http.createServer((_req, res) => {
    const step = steps[Math.min(hits++, steps.length - 1)];
    step?.(res);
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  return `http://127.0.0.1:${address.port}/api/thing?x=1`;
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

const schema = z.object({ value: z.number() });
const TOKEN = "squ_very_secret_token";
const options = {
  service: "SonarQube",
  headers: { Authorization: `Bearer ${TOKEN}` },
  timeoutMs: 400,
  schema,
  secrets: [TOKEN],
  policy: { maxAttempts: 3, maxRateLimitAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 2_000 },
};

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  const error: unknown = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(UpstreamError);
  if (!(error instanceof UpstreamError)) throw new Error("unreachable");
  expect(error.message).not.toContain(TOKEN);
  return error;
}

describe("fetchJson", () => {
  it("retries 5xx, a dropped connection, a timeout and a cut-off body, then returns the parsed answer", async () => {
    const url = await scripted([status(502, "<html>bad gateway</html>"), drop, ok({ value: 7 })]);
    await expect(fetchJson(url, options)).resolves.toEqual({ value: 7 });
    expect(hits).toBe(3);

    await new Promise((resolve) => server?.close(resolve));
    const url2 = await scripted([hang, truncated, ok({ value: 8 })]);
    await expect(fetchJson(url2, options)).resolves.toEqual({ value: 8 });
    expect(hits).toBe(3);
  });

  it("waits as a 429 asks and then succeeds", async () => {
    const url = await scripted([status(429, "", { "Retry-After": "0" }), ok({ value: 1 })]);
    await expect(fetchJson(url, options)).resolves.toEqual({ value: 1 });
    expect(hits).toBe(2);
  });

  it("gives up after maxAttempts with the kind of the last failure", async () => {
    const url = await scripted([status(503)]);
    const error = await failure(fetchJson(url, options));
    expect(error.kind).toBe("server");
    expect(error.status).toBe(503);
    expect(hits).toBe(3);
  });

  it("fails at once on a rejected token, naming the service but never the token", async () => {
    const url = await scripted([status(401, `{"detail":"bad ${TOKEN}"}`)]);
    const error = await failure(fetchJson(url, options));
    expect(error.kind).toBe("auth");
    expect(error.message).toMatch(/^SonarQube rejected the token/);
    expect(hits).toBe(1);
  });

  it("fails at once on 404", async () => {
    const url = await scripted([status(404)]);
    expect((await failure(fetchJson(url, options))).kind).toBe("not-found");
    expect(hits).toBe(1);
  });

  it("rejects an answer of the wrong shape, saying which field is wrong", async () => {
    const url = await scripted([ok({ value: "seven" })]);
    const error = await failure(fetchJson(url, options));
    expect(error.kind).toBe("malformed");
    expect(error.message).toContain("/api/thing");
    expect(error.message).toMatch(/value: .*number/i);
    expect(hits).toBe(1);
  });

  it("calls a body that never parses malformed once the attempts are used up", async () => {
    const url = await scripted([truncated]);
    expect((await failure(fetchJson(url, options))).kind).toBe("malformed");
    expect(hits).toBe(3);
  });

  it("reports a timeout when the server never answers", async () => {
    const url = await scripted([hang]);
    expect((await failure(fetchJson(url, options))).kind).toBe("timeout");
  });
});
