/**
 * Why a request to an upstream (GitLab, SonarQube, DefectDojo) failed. One vocabulary for every
 * upstream, because it is what sync_state.last_error_kind stores and what the pages explain.
 */
export const UPSTREAM_ERROR_KINDS = ["auth", "rate_limit", "network", "timeout", "upstream", "invalid_response", "not_found", "aborted"] as const;

export type UpstreamErrorKind = (typeof UPSTREAM_ERROR_KINDS)[number];

/** Why a service's last sync failed (sync_state.last_error_kind): a stopped sync is no failure, a bug inside Stageboard is. */
export type SyncErrorKind = Exclude<UpstreamErrorKind, "aborted"> | "internal";
