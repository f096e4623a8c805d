import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { DEFAULT_OIDC_CLIENT } from "@/simulator";

const REDIRECT_URI = "http://127.0.0.1:9/api/auth/callback/gitlab";

/**
 * An OAuth access token for one of the simulated GitLab's users, got the way Auth.js gets one:
 * authorization code with PKCE, the user "clicking" Sign in as on the provider's page.
 */
export async function simulatedUserToken(simulatorUrl: string, username: string, scope = "openid profile email read_api"): Promise<string> {
  const verifier = randomBytes(32).toString("base64url");
  const form = new URLSearchParams({
    response_type: "code",
    client_id: DEFAULT_OIDC_CLIENT.id,
    redirect_uri: REDIRECT_URI,
    scope,
    state: "s",
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
    user: username,
  });
  const approved = await fetch(`${simulatorUrl}/oauth/authorize`, { method: "POST", body: form, redirect: "manual" });
  const code = new URL(approved.headers.get("location") ?? "").searchParams.get("code");
  if (!code) throw new Error(`the simulated GitLab gave ${username} no code`);
  const answer = await fetch(`${simulatorUrl}/oauth/token`, {
    method: "POST",
    headers: { Authorization: `Basic ${Buffer.from(`${DEFAULT_OIDC_CLIENT.id}:${DEFAULT_OIDC_CLIENT.secret}`).toString("base64")}` },
    body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI, code_verifier: verifier }),
  });
  return z.object({ access_token: z.string() }).parse(await answer.json()).access_token;
}
