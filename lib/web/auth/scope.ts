import type { ViewerScope } from "@/lib/domain/access";
import type { ServiceConfig } from "@/lib/platform/config";
import type { Logger } from "@/lib/platform/log";
import { memberProjects, type MemberProject } from "@/lib/upstream/gitlab/memberships";
import { errorMessage } from "@/lib/domain/error-message";

/*
 * A signed-in user's scope, from GitLab with their own token: kept for a few minutes per user (a
 * page and its refreshes ask on every request), asked afresh on each sign-in. When GitLab cannot be
 * asked, the last answer stands; with none, the user sees why instead of an empty board.
 */

export const SCOPE_TTL_MS = 5 * 60_000;
/** A failed check is retried after this long, not on every request. */
const FAILURE_TTL_MS = 30_000;

export interface ScopeSource {
  /** The GitLab the user signed in to (the token's issuer). */
  gitlabUrl: string;
  services: readonly ServiceConfig[];
  securityMinAccess: number;
  timeoutMs: number;
  logger: Logger;
  now?: () => number;
}

interface Entry {
  scope: ViewerScope;
  expiresAt: number;
  failed: boolean;
}

const GUEST = 10;

function servicesOf(projects: readonly MemberProject[], services: readonly ServiceConfig[]): string[] {
  const paths = new Set(projects.map((p) => p.path_with_namespace.toLowerCase()));
  const ids = new Set(projects.map((p) => String(p.id)));
  return services.filter((s) => ids.has(s.project) || paths.has(s.project.toLowerCase())).map((s) => s.name);
}

export function createScopeResolver(source: ScopeSource) {
  const now = source.now ?? Date.now;
  const cache = new Map<string, Entry>();

  async function ask(accessToken: string): Promise<ViewerScope> {
    const options = { url: source.gitlabUrl, accessToken, timeoutMs: source.timeoutMs, retry: { maxAttempts: 2 } };
    const readable = await memberProjects(options, GUEST);
    const services = servicesOf(readable, source.services);
    const security = source.securityMinAccess <= GUEST ? services : servicesOf(await memberProjects(options, source.securityMinAccess), source.services);
    return { services, security: security.filter((s) => services.includes(s)) };
  }

  return {
    /** The user's scope; `fresh` (on sign-in) asks GitLab whatever the cache holds. */
    async scopeFor(userId: string, accessToken: string | undefined, fresh = false): Promise<ViewerScope> {
      const cached = cache.get(userId);
      if (!fresh && cached && cached.expiresAt > now()) return cached.scope;
      if (!accessToken) return { services: [], security: [], problem: "Your session carries no GitLab access: sign out and sign in again." };
      try {
        const scope = await ask(accessToken);
        cache.set(userId, { scope, expiresAt: now() + SCOPE_TTL_MS, failed: false });
        return scope;
      } catch (error) {
        source.logger.warn({ user: userId, err: errorMessage(error) }, "could not read the user's GitLab projects");
        const fallback =
          cached && !cached.failed
            ? cached.scope
            : { services: [], security: [], problem: "GitLab did not say which projects you can read (it may be unreachable, or your sign-in expired): sign in again, or try later." };
        cache.set(userId, { scope: fallback, expiresAt: now() + FAILURE_TTL_MS, failed: cached?.failed ?? true });
        return fallback;
      }
    },
  };
}

export type ScopeResolver = ReturnType<typeof createScopeResolver>;
