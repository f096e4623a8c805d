import { createHash, createSign, generateKeyPairSync, type KeyObject } from "node:crypto";

/** The RS256 key the simulated GitLab signs its id_tokens with, and its public half as a JWK. */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: Record<string, unknown>;
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

export function createSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = publicKey.export({ format: "jwk" });
  // The RFC 7638 thumbprint, as GitLab uses it for `kid`.
  const kid = base64url(createHash("sha256").update(JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n })).digest());
  return { kid, privateKey, publicJwk: { ...jwk, kid, use: "sig", alg: "RS256" } };
}

export function signJwt(key: SigningKey, claims: Record<string, unknown>): string {
  const header = base64url(JSON.stringify({ typ: "JWT", kid: key.kid, alg: "RS256" }));
  const payload = base64url(JSON.stringify(claims));
  const signature = createSign("RSA-SHA256").update(`${header}.${payload}`).sign(key.privateKey);
  return `${header}.${payload}.${base64url(signature)}`;
}

/** PKCE (RFC 7636): does the verifier match the challenge the authorization request carried? */
export function pkceMatches(verifier: string, challenge: string, method: string): boolean {
  if (method === "plain") return verifier === challenge;
  return method === "S256" && base64url(createHash("sha256").update(verifier).digest()) === challenge;
}
