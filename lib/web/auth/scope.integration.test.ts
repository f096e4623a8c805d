import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "@/lib/platform/config";
import { startSimulator, type Simulator } from "@/simulator";
import { simulatedUserToken } from "../../../test/support/oidc-token";
import { createScopeResolver, SCOPE_TTL_MS } from "./scope";

/* A user's scope as GitLab states it to their own token, over HTTP against the simulated GitLab. */
let sim: Simulator;
const services = loadConfig({}).services;
const silent = pino({ level: "silent" });

beforeAll(async () => {
  sim = await startSimulator({ frozen: true, historyDays: 1, pipelinesPerProject: 2, rateLimitPerMinute: 0 });
});
afterAll(() => sim.close());

describe("a signed-in user's scope", () => {
  it("holds the services of the projects they can read, and security where their role is high enough", async () => {
    const resolver = createScopeResolver({ gitlabUrl: sim.url, services, securityMinAccess: 30, timeoutMs: 5_000, logger: silent });
    const bob = await resolver.scopeFor("1002", await simulatedUserToken(sim.url, "bob"));
    expect([...bob.services].sort()).toEqual(["executor", "server", "ui"]);
    // A reporter on executor: its pipelines, not its findings.
    expect([...bob.security].sort()).toEqual(["server", "ui"]);
    const alice = await resolver.scopeFor("1001", await simulatedUserToken(sim.url, "alice"));
    expect([...alice.services].sort()).toEqual(["executor", "iam-api", "server", "ui"]);
    const nora = await resolver.scopeFor("1004", await simulatedUserToken(sim.url, "nora"));
    expect(nora).toEqual({ services: [], security: [] });
  });

  it("is kept for minutes, asked afresh on sign-in, and says why when GitLab refuses the token", async () => {
    let clock = 0;
    const resolver = createScopeResolver({ gitlabUrl: sim.url, services, securityMinAccess: 10, timeoutMs: 5_000, logger: silent, now: () => clock });
    const token = await simulatedUserToken(sim.url, "bob");
    expect((await resolver.scopeFor("1002", token)).services).toHaveLength(3);
    // Within the cache's life a rejected token is not even presented: the answer stands.
    expect((await resolver.scopeFor("1002", "revoked-token")).services).toHaveLength(3);
    // Signing in asks GitLab again; a refusal keeps the last good answer rather than locking the user out.
    expect((await resolver.scopeFor("1002", "revoked-token", true)).services).toHaveLength(3);
    clock += SCOPE_TTL_MS + 1;
    const stranger = await resolver.scopeFor("2000", "never-issued");
    expect(stranger.services).toEqual([]);
    expect(stranger.problem).toMatch(/GitLab did not say which projects you can read/);
    expect(JSON.stringify(stranger)).not.toContain("never-issued");
  });
});
