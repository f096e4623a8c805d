import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createTransport, RequestBudget, UpstreamError, type RetryInfo, type TransportOptions } from ".";

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
let times: number[] = [];

async function scripted(steps: Step[]): Promise<string> {
  hits = 0;
  times = [];
  server = http.createServer((_req, res) => {
    times.push(Date.now());
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
const headers = { Authorization: `Bearer ${TOKEN}` };
const options: TransportOptions = {
  service: "SonarQube",
  // Long enough that a loaded machine never times out an answer that came; the hanging steps wait it out.
  timeoutMs: 1_500,
  secrets: [TOKEN],
  retry: { maxAttempts: 3, maxRateLimitAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 2_000 },
};
const getJson = (url: string, extra: Partial<TransportOptions> = {}) => createTransport({ ...options, ...extra }).getJson(url, headers, schema);

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  const error: unknown = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(UpstreamError);
  if (!(error instanceof UpstreamError)) throw new Error("unreachable");
  expect(error.message).not.toContain(TOKEN);
  return error;
}

describe("getJson", () => {
  it("retries 5xx, a dropped connection, a timeout and a cut-off body, then returns the parsed answer", async () => {
    const url = await scripted([status(502, "<html>bad gateway</html>"), drop, ok({ value: 7 })]);
    await expect(getJson(url)).resolves.toEqual({ value: 7 });
    expect(hits).toBe(3);

    await new Promise((resolve) => server?.close(resolve));
    const url2 = await scripted([hang, truncated, ok({ value: 8 })]);
    await expect(getJson(url2)).resolves.toEqual({ value: 8 });
    expect(hits).toBe(3);
  });

  it("waits as a 429 asks and then succeeds", async () => {
    const url = await scripted([status(429, "", { "Retry-After": "0" }), ok({ value: 1 })]);
    await expect(getJson(url)).resolves.toEqual({ value: 1 });
    expect(hits).toBe(2);
  });

  it("gives up after maxAttempts with the kind of the last failure", async () => {
    const url = await scripted([status(503)]);
    const error = await failure(getJson(url));
    expect(error.kind).toBe("upstream");
    expect(error.status).toBe(503);
    expect(hits).toBe(3);
  });

  it("fails at once on a rejected token, naming the service but never the token", async () => {
    const url = await scripted([status(401, `{"detail":"bad ${TOKEN}"}`)]);
    const error = await failure(getJson(url));
    expect(error.kind).toBe("auth");
    expect(error.message).toMatch(/^SonarQube rejected the token/);
    expect(hits).toBe(1);
  });

  it("fails at once on 404", async () => {
    const url = await scripted([status(404)]);
    expect((await failure(getJson(url))).kind).toBe("not_found");
    expect(hits).toBe(1);
  });

  it("rejects an answer of the wrong shape, saying which field is wrong", async () => {
    const url = await scripted([ok({ value: "seven" })]);
    const error = await failure(getJson(url));
    expect(error.kind).toBe("invalid_response");
    expect(error.message).toContain("/api/thing");
    expect(error.message).toMatch(/value: .*number/i);
    expect(hits).toBe(1);
  });

  it("calls a body that never parses an invalid response once the attempts are used up", async () => {
    const url = await scripted([truncated]);
    expect((await failure(getJson(url))).kind).toBe("invalid_response");
    expect(hits).toBe(3);
  });

  it("reports a timeout when the server never answers", async () => {
    const url = await scripted([hang]);
    expect((await failure(getJson(url))).kind).toBe("timeout");
  });

  it("never puts a secret into a message, even when the upstream echoes it", async () => {
    const url = await scripted([status(400, "")]);
    // The URL carries the secret, so the route in the message would too.
    const error = await failure(createTransport(options).getJson(url.replace("/api/thing", `/api/${TOKEN}`), headers, schema));
    expect(error.kind).toBe("invalid_response");
    expect(error.message).toContain("/api/[redacted]");
  });
});

describe("transport", () => {
  it("stops at once, as aborted, when the signal fires during a wait", async () => {
    const url = await scripted([status(503)]);
    const controller = new AbortController();
    const transport = createTransport({ ...options, signal: controller.signal, retry: { ...options.retry, baseDelayMs: 5_000, maxDelayMs: 5_000 } });
    const pending = transport.getJson(url, headers, schema);
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const error = await failure(pending);
    expect(error.kind).toBe("aborted");
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("holds every request of the transport while a 429's Retry-After runs", async () => {
    const url = await scripted([status(429, "", { "Retry-After": "1" }), ok({ value: 1 })]);
    const transport = createTransport(options);
    const first = transport.getJson(url, headers, schema);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Sent after the 429 arrived: it waits for the same window instead of spending the budget again.
    const second = transport.getJson(url, headers, schema);
    await expect(Promise.all([first, second])).resolves.toEqual([{ value: 1 }, { value: 1 }]);
    expect(times).toHaveLength(3);
    expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(950);
    expect((times[2] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it("waits for the reset once RateLimit-Remaining reaches 0, and reports the budget", async () => {
    const budget: number[] = [];
    const url = await scripted([
      (res) => {
        res.writeHead(200, { "content-type": "application/json", connection: "close", "ratelimit-remaining": "0", "retry-after": "1" });
        res.end(JSON.stringify({ value: 1 }));
      },
      ok({ value: 2 }),
    ]);
    const transport = createTransport({ ...options, onRateLimit: ({ remaining }) => budget.push(remaining) });
    await expect(transport.getJson(url, headers, schema)).resolves.toEqual({ value: 1 });
    await expect(transport.getJson(url, headers, schema)).resolves.toEqual({ value: 2 });
    expect(budget).toEqual([0]);
    expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it("sends no more than its request budget allows in a window, retries included", async () => {
    const url = await scripted([status(503), ok({ value: 1 })]);
    // Two requests per 400 ms: the retry and the next request wait for the window to move on.
    const transport = createTransport({ ...options, budget: new RequestBudget(2, 400) });
    await expect(Promise.all([transport.getJson(url, headers, schema), transport.getJson(url, headers, schema)])).resolves.toEqual([{ value: 1 }, { value: 1 }]);
    expect(times).toHaveLength(3);
    expect((times[2] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(300);
  });

  it("calls onRequest per attempt and onRetry per retry, naming the route", async () => {
    const url = await scripted([status(502), ok({ value: 3 })]);
    const requests: string[] = [];
    const retries: RetryInfo[] = [];
    const transport = createTransport({ ...options, onRequest: (endpoint) => requests.push(endpoint), onRetry: (info) => retries.push(info) });
    await expect(transport.getJson(url, headers, schema)).resolves.toEqual({ value: 3 });
    expect(requests).toEqual(["/api/thing", "/api/thing"]);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ endpoint: "/api/thing", attempt: 1, reason: "SonarQube answered HTTP 502 for /api/thing" });
  });

  it("reads bytes up to the cap, and gives up on larger bodies whether announced or streamed", async () => {
    const bytes = (body: string, announce: boolean): Step => (res) => {
      res.writeHead(200, { connection: "close", ...(announce ? { "content-length": String(body.length) } : {}) });
      res.end(body);
    };
    const url = await scripted([bytes("0123456789", true), bytes("0123456789ab", true), bytes("0123456789ab", false)]);
    const transport = createTransport(options);
    const fits = await transport.getBytes(url, headers, 10);
    expect(fits.status === "ok" && Buffer.from(fits.bytes).toString()).toBe("0123456789");
    expect(await transport.getBytes(url, headers, 10)).toEqual({ status: "too_large", size: 12 });
    expect(await transport.getBytes(url, headers, 10)).toEqual({ status: "too_large", size: null });
  });
});
