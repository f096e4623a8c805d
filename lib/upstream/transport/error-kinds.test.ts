import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDojoClient } from "../defectdojo/client";
import { createGitlabClient } from "../gitlab/client";
import { createSonarClient } from "../sonarqube/client";
import { UpstreamError, type UpstreamErrorKind } from ".";

/*
 * The three real clients against one scripted HTTP server that answers every request alike, so
 * GitLab (through gitbeaker) and SonarQube and DefectDojo (through getJson) meet the same failure.
 */
type Step = (res: http.ServerResponse) => void;

const TOKEN = "shared-secret-token-1234";
const retry = { maxAttempts: 2, maxRateLimitAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 1_000 };

let server: http.Server;
let base = "";
let step: Step = () => {};
let hits = 0;

beforeAll(async () => {
  server = http.createServer((_req, res) => {
    hits += 1;
    step(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  hits = 0;
});

const clients = {
  GitLab: (timeoutMs: number) => createGitlabClient({ url: base, token: TOKEN, timeoutMs, retry }).getProject(101),
  SonarQube: (timeoutMs: number) => createSonarClient({ url: base, token: TOKEN, timeoutMs, retry }).measures("cwiq_server", "main"),
  DefectDojo: (timeoutMs: number) => createDojoClient({ url: base, token: TOKEN, timeoutMs, retry }).findScope({ productNames: ["server"] }),
};

const answer = (code: number, body = "", headers: Record<string, string> = {}): Step => (res) => {
  res.writeHead(code, { connection: "close", ...headers });
  res.end(body);
};

// Generous, so a busy machine does not turn an answer into a timeout; short where the timeout is the point.
const TIMEOUT_MS = 5_000;

const scenarios: { name: string; step: Step; kind: UpstreamErrorKind; requests: number; timeoutMs?: number }[] = [
  { name: "401", step: answer(401, `{"message":"401 Unauthorized ${TOKEN}"}`), kind: "auth", requests: 1 },
  { name: "404", step: answer(404, '{"message":"404 Not Found"}'), kind: "not_found", requests: 1 },
  { name: "429 on every try", step: answer(429, "", { "retry-after": "0" }), kind: "rate_limit", requests: retry.maxRateLimitAttempts },
  { name: "5xx on every try", step: answer(503, "<html>unavailable</html>"), kind: "upstream", requests: retry.maxAttempts },
  { name: "no answer in time", step: () => {}, kind: "timeout", requests: retry.maxAttempts, timeoutMs: 200 },
  { name: "a body that is not JSON", step: answer(200, '{"id": 101, "na', { "content-type": "application/json" }), kind: "invalid_response", requests: retry.maxAttempts },
  { name: "JSON of the wrong shape", step: answer(200, '{"unexpected": true}', { "content-type": "application/json" }), kind: "invalid_response", requests: 1 },
];

describe("every upstream fails alike", () => {
  it.each(scenarios)("$name: $kind from GitLab, SonarQube and DefectDojo", async ({ step: scripted, kind, requests, timeoutMs = TIMEOUT_MS }) => {
    step = scripted;
    for (const [service, call] of Object.entries(clients)) {
      hits = 0;
      const error: unknown = await call(timeoutMs).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, service).toBeInstanceOf(UpstreamError);
      if (!(error instanceof UpstreamError)) continue;
      expect({ service, kind: error.kind, requests: hits }).toEqual({ service, kind, requests });
      // Messages name the upstream the problem is with, and never the token.
      expect(error.message).toContain(service);
      expect(error.message).not.toContain(TOKEN);
    }
  });
});
