import type { NextAuthConfig } from "next-auth";
import type { OIDCConfig } from "next-auth/providers";
import { z } from "zod";
import type { ViewerScope } from "@/lib/domain/access";
import type { AuthConfig } from "@/lib/platform/config/auth";
import { groupsOf, isGroupMember } from "./groups";
import type { ScopeResolver } from "./scope";

declare module "next-auth" {
  interface Session {
    /** What this user may see (lib/domain/access.ts); never the GitLab token it was read with. */
    scope?: ViewerScope;
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    /** The user's GitLab OAuth token (read_api), kept in the encrypted session cookie to re-read their projects. */
    gitlabAccessToken?: string;
  }
}

/*
 * Auth.js settings for Stageboard: GitLab as an OpenID Connect provider (discovery from the
 * issuer, authorization code with PKCE and state), sessions as encrypted JWT cookies (no
 * database tables), and the optional group restriction checked on the id_token's claims.
 */

export const SIGN_IN_PATH = "/signin";
/** Error code in /signin?error=… when the user is not in AUTH_GITLAB_GROUP. */
export const NOT_IN_GROUP = "NotInGroup";
const SESSION_HOURS = 8;

const gitlabClaims = z.object({
  sub: z.union([z.string(), z.number()]).transform(String),
  name: z.string().nullish(),
  nickname: z.string().nullish(),
  preferred_username: z.string().nullish(),
  email: z.string().nullish(),
});

type GitLabProfile = Record<string, unknown>;

function gitlabProvider(client: { issuer: string; id: string; secret: string }): OIDCConfig<GitLabProfile> {
  return {
    id: "gitlab",
    name: "GitLab",
    type: "oidc",
    issuer: client.issuer,
    clientId: client.id,
    clientSecret: client.secret,
    // Who the user is and their groups (in the id_token), and read_api to list the projects they can read.
    authorization: { params: { scope: "openid profile email read_api" } },
    checks: ["pkce", "state"],
    profile(raw) {
      const claims = gitlabClaims.parse(raw);
      return { id: claims.sub, name: claims.name ?? claims.nickname ?? claims.preferred_username ?? null, email: claims.email ?? null, image: null };
    },
  };
}

export function authJsConfig(auth: AuthConfig, scopes?: ScopeResolver): NextAuthConfig {
  if (auth.mode === "off") {
    // Never used for a request (the routes answer 404 and the proxy lets everything through).
    return { providers: [], trustHost: true };
  }
  const group = auth.group;
  return {
    secret: auth.secret,
    // Host and protocol come from the request (or AUTH_URL when set): Stageboard runs behind
    // whatever hostname it is given, on http for loopback and https elsewhere. Cookies are
    // `Secure` (and `__Secure-` prefixed) exactly when the request came over https.
    trustHost: true,
    session: { strategy: "jwt", maxAge: SESSION_HOURS * 3600 },
    pages: { signIn: SIGN_IN_PATH, error: SIGN_IN_PATH },
    providers: auth.client ? [gitlabProvider(auth.client)] : [],
    callbacks: {
      signIn({ profile }) {
        if (!group) return true;
        const groups = groupsOf(profile);
        return groups !== null && isGroupMember(groups, group) ? true : `${SIGN_IN_PATH}?error=${NOT_IN_GROUP}`;
      },
      async jwt({ token, account }) {
        // Signing in: keep the token, and read the user's projects afresh.
        if (account?.access_token) {
          token.gitlabAccessToken = account.access_token;
          if (scopes && token.sub) await scopes.scopeFor(token.sub, account.access_token, true);
        }
        return token;
      },
      async session({ session, token }) {
        if (scopes && token.sub) session.scope = await scopes.scopeFor(token.sub, token.gitlabAccessToken);
        return session;
      },
    },
  };
}
