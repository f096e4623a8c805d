import { createHash, createPublicKey, createVerify, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { DEFAULT_OIDC_CLIENT, startSimulator, type Simulator } from "../index";

/* The simulated GitLab's OpenID Connect endpoints over real HTTP, as a relying party meets them. */
let sim: Simulator;
const redirectUri = "http://127.0.0.1:9/api/auth/callback/gitlab";

beforeAll(async () => {
  sim = await startSimulator({ frozen: true, historyDays: 1, pipelinesPerProject: 2, rateLimitPerMinute: 0 });
});
afterAll(() => sim.close());

const discoverySchema = z.object({
  issuer: z.string(),
  authorization_endpoint: z.string(),
  token_endpoint: z.string(),
  userinfo_endpoint: z.string(),
  jwks_uri: z.string(),
});
const tokenSchema = z.object({ access_token: z.string(), token_type: z.literal("Bearer"), id_token: z.string() });
const jwksSchema = z.object({ keys: z.array(z.object({ kid: z.string(), kty: z.literal("RSA"), n: z.string(), e: z.string() })) });

const pkce = () => {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
};

/** The authorization request's query, as Auth.js sends it. */
function authorizeQuery(challenge: string, overrides: Record<string, string> = {}) {
  return new URLSearchParams({
    response_type: "code",
    client_id: DEFAULT_OIDC_CLIENT.id,
    redirect_uri: redirectUri,
    scope: "openid profile email",
    state: "st4te",
    code_challenge: challenge,
    code_challenge_method: "S256",
    ...overrides,
  });
}

/** Clicks "Sign in as <user>" on the authorize page: returns the redirect back to the client. */
async function approve(query: URLSearchParams, user: string): Promise<URL> {
  const body = new URLSearchParams(query);
  body.set("user", user);
  const response = await fetch(`${sim.url}/oauth/authorize`, { method: "POST", body, redirect: "manual" });
  expect(response.status).toBe(302);
  return new URL(response.headers.get("location") ?? "");
}

function exchange(code: string, verifier: string, secret: string = DEFAULT_OIDC_CLIENT.secret) {
  return fetch(`${sim.url}/oauth/token`, {
    method: "POST",
    headers: { Authorization: `Basic ${Buffer.from(`${DEFAULT_OIDC_CLIENT.id}:${secret}`).toString("base64")}` },
    body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirectUri, code_verifier: verifier }),
  });
}

describe("simulated GitLab OpenID Connect", () => {
  it("publishes discovery with its own URL as issuer", async () => {
    const discovery = discoverySchema.parse(await (await fetch(`${sim.url}/.well-known/openid-configuration`)).json());
    expect(discovery.issuer).toBe(sim.url);
    expect(discovery.jwks_uri).toBe(`${sim.url}/oauth/discovery/keys`);
    expect(discovery.token_endpoint).toBe(`${sim.url}/oauth/token`);
  });

  it("shows a page to pick a simulated user", async () => {
    const page = await fetch(`${sim.url}/oauth/authorize?${authorizeQuery(pkce().challenge).toString()}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Sign in as Alice Anders");
    expect(html).toContain("Sign in as Eve Extern");
  });

  it("runs the authorization-code flow with PKCE and signs a verifiable RS256 id_token", async () => {
    const { verifier, challenge } = pkce();
    const back = await approve(authorizeQuery(challenge, { nonce: "n-0S6" }), "alice");
    expect(back.origin + back.pathname).toBe(redirectUri);
    expect(back.searchParams.get("state")).toBe("st4te");
    const code = back.searchParams.get("code") ?? "";

    const tokenResponse = await exchange(code, verifier);
    expect(tokenResponse.status).toBe(200);
    const tokens = tokenSchema.parse(await tokenResponse.json());
    const [header, payload, signature] = tokens.id_token.split(".");
    const { keys } = jwksSchema.parse(await (await fetch(`${sim.url}/oauth/discovery/keys`)).json());
    const kid = z.object({ kid: z.string(), alg: z.literal("RS256") }).parse(JSON.parse(Buffer.from(header ?? "", "base64url").toString())).kid;
    const jwk = keys.find((k) => k.kid === kid);
    expect(jwk).toBeDefined();
    const verified = createVerify("RSA-SHA256").update(`${header}.${payload}`).verify(createPublicKey({ key: { ...jwk }, format: "jwk" }), Buffer.from(signature ?? "", "base64url"));
    expect(verified).toBe(true);
    const claims = z
      .object({ iss: z.string(), aud: z.string(), sub: z.string(), nonce: z.string(), preferred_username: z.string(), groups_direct: z.array(z.string()) })
      .parse(JSON.parse(Buffer.from(payload ?? "", "base64url").toString()));
    expect(claims).toMatchObject({ iss: sim.url, aud: DEFAULT_OIDC_CLIENT.id, nonce: "n-0S6", preferred_username: "alice", groups_direct: ["cwiq"] });

    const userinfo = await fetch(`${sim.url}/oauth/userinfo`, { headers: { Authorization: `Bearer ${tokens.access_token}` } });
    expect(userinfo.status).toBe(200);
    expect(await userinfo.json()).toMatchObject({ sub: claims.sub, preferred_username: "alice", groups: ["cwiq"] });
  });

  it("refuses a wrong code verifier, a reused code and a wrong client secret", async () => {
    const { verifier, challenge } = pkce();
    const code = (await approve(authorizeQuery(challenge), "bob")).searchParams.get("code") ?? "";
    expect((await exchange(code, "not-the-verifier")).status).toBe(400);
    // The failed attempt used the code up, as GitLab (Doorkeeper) does.
    expect((await exchange(code, verifier)).status).toBe(400);

    const second = pkce();
    const code2 = (await approve(authorizeQuery(second.challenge), "bob")).searchParams.get("code") ?? "";
    expect((await exchange(code2, second.verifier, "wrong-secret")).status).toBe(401);
  });

  it("sends a denial back as access_denied and refuses unknown clients and foreign redirect URIs", async () => {
    const { challenge } = pkce();
    expect((await approve(authorizeQuery(challenge), "")).searchParams.get("error")).toBe("access_denied");
    expect((await fetch(`${sim.url}/oauth/authorize?${authorizeQuery(challenge, { client_id: "nobody" }).toString()}`)).status).toBe(400);
    expect((await fetch(`${sim.url}/oauth/authorize?${authorizeQuery(challenge, { redirect_uri: "https://evil.example/steal" }).toString()}`)).status).toBe(400);
  });

  it("answers userinfo without a valid token with 401", async () => {
    expect((await fetch(`${sim.url}/oauth/userinfo`, { headers: { Authorization: "Bearer nope" } })).status).toBe(401);
  });

  it("lets a user's read_api token read the projects they are a member of, and no other", async () => {
    const tokenFor = async (user: string, scope: string) => {
      const { verifier, challenge } = pkce();
      const code = (await approve(authorizeQuery(challenge, { scope }), user)).searchParams.get("code") ?? "";
      return tokenSchema.parse(await (await exchange(code, verifier)).json()).access_token;
    };
    const paths = async (token: string, query: string) => {
      const response = await fetch(`${sim.url}/api/v4/projects?${query}`, { headers: { Authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
      return z.array(z.object({ path_with_namespace: z.string() })).parse(await response.json()).map((p) => p.path_with_namespace).sort();
    };
    const bob = await tokenFor("bob", "openid profile email read_api");
    expect(await paths(bob, "membership=true")).toEqual(["cwiq/executor", "cwiq/server", "cwiq/ui"]);
    expect(await paths(bob, "membership=true&min_access_level=30")).toEqual(["cwiq/server", "cwiq/ui"]);
    expect((await fetch(`${sim.url}/api/v4/projects/cwiq%2Fiam-api/pipelines`, { headers: { Authorization: `Bearer ${bob}` } })).status).toBe(404);
    expect((await fetch(`${sim.url}/api/v4/projects/cwiq%2Fserver/pipelines`, { headers: { Authorization: `Bearer ${bob}` } })).status).toBe(200);
    expect(await paths(await tokenFor("alice", "openid read_api"), "membership=true")).toEqual(["cwiq/executor", "cwiq/iam-api", "cwiq/server", "cwiq/ui"]);
    expect(await paths(await tokenFor("nora", "openid read_api"), "membership=true")).toEqual([]);
    // Without an API scope the token opens only the OpenID endpoints.
    const openidOnly = await tokenFor("alice", "openid profile email");
    expect((await fetch(`${sim.url}/api/v4/projects`, { headers: { Authorization: `Bearer ${openidOnly}` } })).status).toBe(401);
  });
});
