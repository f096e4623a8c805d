import NextAuth from "next-auth";
import { serverConfig } from "@/lib/platform/config/server";
import { logger } from "@/lib/platform/log";
import { authJsConfig } from "./authjs";
import { createScopeResolver, type ScopeResolver } from "./scope";
import { authSettings } from "./settings";

let scopes: ScopeResolver | undefined;

/** One resolver (and its cache) per process, for the GitLab users sign in to. */
function scopeResolver(): ScopeResolver | undefined {
  const settings = authSettings();
  if (settings.mode === "off" || !settings.client) return undefined;
  const config = serverConfig();
  scopes ??= createScopeResolver({
    gitlabUrl: settings.client.issuer,
    services: config.services,
    securityMinAccess: settings.securityMinAccess,
    timeoutMs: config.requestTimeoutMs,
    logger,
  });
  return scopes;
}

/* The Auth.js instance, configured from the sign-in settings on first use (see lib/web/auth/settings.ts). */
export const { handlers, auth, signIn, signOut } = NextAuth(() => authJsConfig(authSettings(), scopeResolver()));
