import { randomBytes } from "node:crypto";
import type http from "node:http";
import { createSigningKey, pkceMatches, signJwt, type SigningKey } from "./jwt";
import { SIM_USERS, type SimUser } from "./users";

/*
 * GitLab as an OpenID Connect provider, the way gitlab.com serves it: discovery at
 * /.well-known/openid-configuration, /oauth/authorize (here a page with one button per simulated
 * user instead of a password form), /oauth/token (authorization code + PKCE), /oauth/userinfo and
 * the signing keys at /oauth/discovery/keys. Enough for Auth.js to sign people in for real.
 */

export interface OidcClientRegistration {
  id: string;
  secret: string;
  /** Allowed redirect URIs; by default any URI ending in Auth.js's GitLab callback path. */
  redirectUris?: readonly string[];
}

export interface OidcOptions {
  /** The simulator's base URL: the issuer, as GitLab's is its own URL. */
  issuer: string;
  clients: readonly OidcClientRegistration[];
  users?: readonly SimUser[];
  /** Wall-clock milliseconds (tokens expire in real time, whatever the simulated clock does). */
  now?: () => number;
}

export interface OidcProvider {
  handles(pathname: string): boolean;
  /** Whom an access token was issued to, while it is valid, with the scopes granted. */
  userFor(accessToken: string): { user: SimUser; scopes: readonly string[] } | null;
  handle(req: http.IncomingMessage, res: http.ServerResponse, method: string, pathname: string, query: URLSearchParams): Promise<void>;
}

interface AuthorizationRequest {
  client: OidcClientRegistration;
  redirectUri: string;
  state: string | null;
  scope: string;
  nonce: string | null;
  codeChallenge: string | null;
  codeChallengeMethod: string;
}

interface Grant extends AuthorizationRequest {
  user: SimUser;
  expiresAt: number;
}

const CODE_LIFETIME_MS = 10 * 60_000;
const TOKEN_LIFETIME_S = 7_200;
const ID_TOKEN_LIFETIME_S = 120;
const DEFAULT_CALLBACK_PATH = "/api/auth/callback/gitlab";
const MAX_FORM_BYTES = 64 * 1024;

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

const token = () => randomBytes(32).toString("hex");

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers });
  res.end(text);
}

function sendHtml(res: http.ServerResponse, status: number, html: string): void {
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
  res.end(html);
}

function redirect(res: http.ServerResponse, location: string): void {
  res.writeHead(302, { Location: location, "Cache-Control": "no-store" });
  res.end();
}

function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_FORM_BYTES) reject(new Error("form too large"));
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(new URLSearchParams(Buffer.concat(chunks).toString("utf8"))));
    req.on("error", reject);
  });
}

/** client_secret_basic (RFC 6749 §2.3.1: form-encoded id and secret) or client_secret_post. */
function presentedClient(req: http.IncomingMessage, form: URLSearchParams): { id: string; secret: string } | null {
  const authorization = req.headers.authorization;
  if (authorization?.startsWith("Basic ")) {
    const decoded = Buffer.from(authorization.slice(6), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) return null;
    const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, " "));
    try {
      return { id: decode(decoded.slice(0, colon)), secret: decode(decoded.slice(colon + 1)) };
    } catch {
      return null;
    }
  }
  const id = form.get("client_id");
  const secret = form.get("client_secret");
  return id && secret ? { id, secret } : null;
}

export function createOidcProvider(options: OidcOptions): OidcProvider {
  const issuer = options.issuer.replace(/\/+$/, "");
  const users = options.users ?? SIM_USERS;
  const now = options.now ?? Date.now;
  const key: SigningKey = createSigningKey();
  const codes = new Map<string, Grant>();
  const accessTokens = new Map<string, { user: SimUser; scopes: readonly string[]; expiresAt: number }>();

  const redirectAllowed = (client: OidcClientRegistration, uri: string): boolean => {
    if (client.redirectUris) return client.redirectUris.includes(uri);
    try {
      const url = new URL(uri);
      return (url.protocol === "http:" || url.protocol === "https:") && url.pathname.endsWith(DEFAULT_CALLBACK_PATH);
    } catch {
      return false;
    }
  };

  /** Checks an authorization request; a string is the error page's message (nothing to redirect to safely). */
  const authorizationRequest = (params: URLSearchParams): AuthorizationRequest | string => {
    const client = options.clients.find((c) => c.id === params.get("client_id"));
    if (!client) return "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.";
    const redirectUri = params.get("redirect_uri") ?? "";
    if (!redirectAllowed(client, redirectUri)) return "The redirect URI included is not valid.";
    return {
      client,
      redirectUri,
      state: params.get("state"),
      scope: params.get("scope") ?? "",
      nonce: params.get("nonce"),
      codeChallenge: params.get("code_challenge"),
      codeChallengeMethod: params.get("code_challenge_method") ?? "plain",
    };
  };

  const backToClient = (request: AuthorizationRequest, result: Record<string, string>): string => {
    const url = new URL(request.redirectUri);
    for (const [name, value] of Object.entries(result)) url.searchParams.set(name, value);
    if (request.state !== null) url.searchParams.set("state", request.state);
    return url.toString();
  };

  const signInPage = (params: URLSearchParams): string => {
    const hidden = [...params]
      .filter(([name]) => name !== "user")
      .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
      .join("");
    const buttons = users
      .map((u) => `<li><button type="submit" name="user" value="${escapeHtml(u.username)}">Sign in as ${escapeHtml(u.name)} (@${escapeHtml(u.username)})</button> <small>groups: ${escapeHtml(u.groups.join(", "))}</small></li>`)
      .join("");
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in · Simulated GitLab</title></head>
<body><h1>Simulated CWIQ GitLab</h1><p>An application (${escapeHtml(params.get("client_id") ?? "")}) asks who you are. Pick a simulated user:</p>
<form method="post" action="/oauth/authorize">${hidden}<ul>${buttons}</ul>
<p><button type="submit" name="user" value="">Deny</button></p></form></body></html>`;
  };

  const authorize = async (req: http.IncomingMessage, res: http.ServerResponse, method: string, query: URLSearchParams) => {
    const params = method === "POST" ? await readForm(req) : query;
    const request = authorizationRequest(params);
    if (typeof request === "string") return sendHtml(res, 400, `<!doctype html><title>Error</title><h1>An error has occurred</h1><p>${escapeHtml(request)}</p>`);
    if (params.get("response_type") !== "code") return redirect(res, backToClient(request, { error: "unsupported_response_type" }));
    if (request.codeChallenge && !["plain", "S256"].includes(request.codeChallengeMethod)) {
      return redirect(res, backToClient(request, { error: "invalid_request", error_description: "Code challenge method must be plain or S256." }));
    }
    if (method !== "POST") return sendHtml(res, 200, signInPage(params));
    const user = users.find((u) => u.username === params.get("user"));
    if (!user) return redirect(res, backToClient(request, { error: "access_denied", error_description: "The resource owner or authorization server denied the request." }));
    const code = token();
    codes.set(code, { ...request, user, expiresAt: now() + CODE_LIFETIME_MS });
    redirect(res, backToClient(request, { code }));
  };

  const idToken = (grant: Grant, issuedAt: number): string =>
    signJwt(key, {
      iss: issuer,
      sub: String(grant.user.id),
      aud: grant.client.id,
      exp: issuedAt + ID_TOKEN_LIFETIME_S,
      iat: issuedAt,
      auth_time: issuedAt,
      ...(grant.nonce ? { nonce: grant.nonce } : {}),
      sub_legacy: token().slice(0, 64),
      name: grant.user.name,
      nickname: grant.user.username,
      preferred_username: grant.user.username,
      email: grant.user.email,
      email_verified: true,
      profile: `${issuer}/${grant.user.username}`,
      groups_direct: grant.user.groups,
    });

  const exchange = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const form = await readForm(req);
    const presented = presentedClient(req, form);
    const client = options.clients.find((c) => c.id === presented?.id);
    if (!presented || !client || client.secret !== presented.secret) {
      return sendJson(res, 401, { error: "invalid_client", error_description: "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method." }, { "WWW-Authenticate": 'Basic realm="Doorkeeper"' });
    }
    if (form.get("grant_type") !== "authorization_code") return sendJson(res, 400, { error: "unsupported_grant_type", error_description: "The authorization grant type is not supported by the authorization server." });
    const code = form.get("code") ?? "";
    const grant = codes.get(code);
    codes.delete(code); // single use, whatever happens next
    const invalid = { error: "invalid_grant", error_description: "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client." };
    if (!grant || grant.expiresAt < now() || grant.client.id !== client.id || grant.redirectUri !== form.get("redirect_uri")) return sendJson(res, 400, invalid);
    if (grant.codeChallenge && !pkceMatches(form.get("code_verifier") ?? "", grant.codeChallenge, grant.codeChallengeMethod)) return sendJson(res, 400, invalid);
    const accessToken = token();
    const scopes = grant.scope.split(/\s+/).filter(Boolean);
    accessTokens.set(accessToken, { user: grant.user, scopes, expiresAt: now() + TOKEN_LIFETIME_S * 1000 });
    const issuedAt = Math.floor(now() / 1000);
    sendJson(res, 200, {
      access_token: accessToken,
      token_type: "Bearer",
      expires_in: TOKEN_LIFETIME_S,
      refresh_token: token(),
      scope: scopes.join(" "),
      created_at: issuedAt,
      ...(scopes.includes("openid") ? { id_token: idToken(grant, issuedAt) } : {}),
    });
  };

  const userinfo = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const bearer = req.headers.authorization?.startsWith("Bearer ") ? req.headers.authorization.slice(7).trim() : "";
    const session = accessTokens.get(bearer);
    if (!session || session.expiresAt < now()) {
      return sendJson(res, 401, { error: "invalid_token", error_description: "The access token is invalid" }, { "WWW-Authenticate": 'Bearer realm="Doorkeeper", error="invalid_token"' });
    }
    const u = session.user;
    sendJson(res, 200, {
      sub: String(u.id),
      name: u.name,
      nickname: u.username,
      preferred_username: u.username,
      email: u.email,
      email_verified: true,
      profile: `${issuer}/${u.username}`,
      groups: u.groups,
    });
  };

  const discovery = {
    issuer,
    authorization_endpoint: `${issuer}/oauth/authorize`,
    token_endpoint: `${issuer}/oauth/token`,
    revocation_endpoint: `${issuer}/oauth/revoke`,
    introspection_endpoint: `${issuer}/oauth/introspect`,
    userinfo_endpoint: `${issuer}/oauth/userinfo`,
    jwks_uri: `${issuer}/oauth/discovery/keys`,
    scopes_supported: ["api", "read_api", "read_user", "openid", "profile", "email"],
    response_types_supported: ["code"],
    response_modes_supported: ["query", "fragment", "form_post"],
    grant_types_supported: ["authorization_code", "password", "client_credentials", "refresh_token"],
    token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS256"],
    claim_types_supported: ["normal"],
    claims_supported: ["iss", "sub", "aud", "exp", "iat", "sub_legacy", "name", "nickname", "preferred_username", "email", "email_verified", "website", "profile", "picture", "groups", "groups_direct"],
    code_challenge_methods_supported: ["plain", "S256"],
  };

  const routes: Record<string, (req: http.IncomingMessage, res: http.ServerResponse, method: string, query: URLSearchParams) => void | Promise<void>> = {
    "/.well-known/openid-configuration": (_req, res) => sendJson(res, 200, discovery),
    "/oauth/discovery/keys": (_req, res) => sendJson(res, 200, { keys: [key.publicJwk] }),
    "/oauth/authorize": authorize,
    "/oauth/token": (req, res, method) => (method === "POST" ? exchange(req, res) : sendJson(res, 405, { error: "method not allowed" })),
    "/oauth/userinfo": (req, res) => userinfo(req, res),
  };

  return {
    handles: (pathname) => Object.hasOwn(routes, pathname),
    userFor(accessToken) {
      const session = accessTokens.get(accessToken);
      return session && session.expiresAt >= now() ? { user: session.user, scopes: session.scopes } : null;
    },
    async handle(req, res, method, pathname, query) {
      const route = routes[pathname];
      if (route) await route(req, res, method, query);
    },
  };
}
