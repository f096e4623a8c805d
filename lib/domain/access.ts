/*
 * What one viewer may see. With sign-in off everyone sees everything; signed in, a viewer sees the
 * services whose GitLab projects they can read, and the security findings of those where their role
 * reaches AUTH_SECURITY_MIN_ROLE. Pages filter by it before anything leaves the server.
 */

export interface ViewerScope {
  /** Services whose pipelines, jobs and deployments the viewer may see; "all" without sign-in. */
  services: "all" | readonly string[];
  /** Services whose security findings the viewer may see (a subset of `services`). */
  security: "all" | readonly string[];
  /** Why the viewer sees nothing, when GitLab could not be asked (shown instead of an empty board). */
  problem?: string;
}

export const FULL_SCOPE: ViewerScope = { services: "all", security: "all" };

export const canSee = (scope: ViewerScope, service: string): boolean => scope.services === "all" || scope.services.includes(service);

export const canSeeSecurity = (scope: ViewerScope, service: string): boolean => scope.security === "all" || scope.security.includes(service);

/** The services of `names` the viewer may see, in their order. */
export function visible(scope: ViewerScope, names: readonly string[], part: "services" | "security" = "services"): string[] {
  const allowed = scope[part];
  return allowed === "all" ? [...names] : names.filter((name) => allowed.includes(name));
}

/**
 * The services a query must keep to, sorted so equal scopes share cached answers; undefined when
 * the viewer may see every service (no filter at all).
 */
export function withinScope(scope: ViewerScope, part: "services" | "security" = "services"): readonly string[] | undefined {
  const allowed = scope[part];
  return allowed === "all" ? undefined : [...allowed].sort();
}
