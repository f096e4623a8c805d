/*
 * Sign-in settings. With an identity provider configured every page and API route needs a
 * signed-in user; without one Stageboard is open to whoever reaches it (demo mode, or a
 * deployment behind its own gateway). GitLab is the provider, spoken to as OpenID Connect.
 */

export type AuthProvider = "gitlab" | "simulator";

/** Where and as whom Stageboard asks GitLab (or the demo simulator) who a visitor is. */
export interface OidcClient {
  /** The OIDC issuer: the GitLab URL, without a trailing slash. */
  issuer: string;
  id: string;
  secret: string;
}

export type AuthConfig =
  | { mode: "off" }
  | {
      mode: AuthProvider;
      /** Encrypts the session cookie (Auth.js `AUTH_SECRET`). */
      secret: string;
      /**
       * For the demo simulator the client is known only once the simulator listens: start-up
       * fills in AUTH_GITLAB_URL, AUTH_GITLAB_ID and AUTH_GITLAB_SECRET, and it is undefined before.
       */
      client: OidcClient | undefined;
      /** Only members of this GitLab group (full path, e.g. `cwiq` or `cwiq/platform`) may sign in. */
      group: string | undefined;
      /** The GitLab role (access level) a user needs in a project to see its security findings. */
      securityMinAccess: number;
    };

/** GitLab's roles and their access levels; reading a project at all takes Guest. */
export const ACCESS_LEVELS = { guest: 10, reporter: 20, developer: 30, maintainer: 40, owner: 50 } as const;

export interface AuthEnv {
  AUTH_PROVIDER?: string;
  AUTH_SECRET?: string;
  AUTH_GITLAB_ID?: string;
  AUTH_GITLAB_SECRET?: string;
  AUTH_GITLAB_URL?: string;
  AUTH_GITLAB_GROUP?: string;
  AUTH_SECURITY_MIN_ROLE?: string;
}

export type AuthParse = { ok: true; auth: AuthConfig } | { ok: false; variable: keyof AuthEnv; problem: string };

/** Auth.js asks for at least 32 random bytes; 32 characters is the least that can be that. */
const MIN_SECRET_LENGTH = 32;
const GROUP_PATH = /^[\w.-]+(\/[\w.-]+)*$/;

const fail = (variable: keyof AuthEnv, problem: string): AuthParse => ({ ok: false, variable, problem });

/**
 * `env` values must already be trimmed (empty = unset) and AUTH_GITLAB_URL a checked URL.
 * `gitlabUrl` is GITLAB_URL (undefined in demo mode): the default issuer.
 */
export function parseAuthConfig(env: AuthEnv, gitlabUrl: string | undefined): AuthParse {
  const provider = env.AUTH_PROVIDER?.toLowerCase() ?? (env.AUTH_GITLAB_ID || env.AUTH_GITLAB_SECRET ? "gitlab" : undefined);
  if (provider === undefined) {
    if (env.AUTH_GITLAB_GROUP) return fail("AUTH_GITLAB_GROUP", "needs a sign-in provider: set AUTH_GITLAB_ID and AUTH_GITLAB_SECRET");
    return { ok: true, auth: { mode: "off" } };
  }
  if (provider !== "gitlab" && provider !== "simulator") return fail("AUTH_PROVIDER", "must be gitlab or simulator");
  if (provider === "simulator" && gitlabUrl) {
    return fail("AUTH_PROVIDER", "simulator is only for demo mode (unset GITLAB_URL, or use gitlab)");
  }
  if (!env.AUTH_SECRET) return fail("AUTH_SECRET", "is required when sign-in is on (e.g. `openssl rand -base64 32`)");
  if (env.AUTH_SECRET.length < MIN_SECRET_LENGTH) {
    return fail("AUTH_SECRET", `must be at least ${MIN_SECRET_LENGTH} characters (e.g. \`openssl rand -base64 32\`)`);
  }
  if (env.AUTH_GITLAB_GROUP && !GROUP_PATH.test(env.AUTH_GITLAB_GROUP)) {
    return fail("AUTH_GITLAB_GROUP", "must be a GitLab group path such as cwiq or cwiq/platform");
  }
  if (provider === "gitlab") {
    if (!env.AUTH_GITLAB_ID) return fail("AUTH_GITLAB_ID", "is required to sign in with GitLab (the application id)");
    if (!env.AUTH_GITLAB_SECRET) return fail("AUTH_GITLAB_SECRET", "is required to sign in with GitLab (the application secret)");
  }
  const role = env.AUTH_SECURITY_MIN_ROLE?.toLowerCase() ?? "guest";
  if (!Object.hasOwn(ACCESS_LEVELS, role)) return fail("AUTH_SECURITY_MIN_ROLE", `must be one of ${Object.keys(ACCESS_LEVELS).join(", ")}`);
  const securityMinAccess = ACCESS_LEVELS[role as keyof typeof ACCESS_LEVELS];
  const issuer = env.AUTH_GITLAB_URL ?? (provider === "gitlab" ? (gitlabUrl ?? "https://gitlab.com") : undefined);
  const client = issuer && env.AUTH_GITLAB_ID && env.AUTH_GITLAB_SECRET ? { issuer, id: env.AUTH_GITLAB_ID, secret: env.AUTH_GITLAB_SECRET } : undefined;
  return { ok: true, auth: { mode: provider, secret: env.AUTH_SECRET, client, group: env.AUTH_GITLAB_GROUP, securityMinAccess } };
}
