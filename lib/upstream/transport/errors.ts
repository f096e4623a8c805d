import type { UpstreamErrorKind } from "@/lib/domain/sync-problems";

export type { UpstreamErrorKind };

const TRANSIENT: ReadonlySet<UpstreamErrorKind> = new Set(["rate_limit", "network", "timeout", "upstream", "invalid_response"]);

/** Why a request to GitLab, SonarQube or DefectDojo failed; its message names the upstream, never the token. */
export class UpstreamError extends Error {
  constructor(
    readonly kind: UpstreamErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "UpstreamError";
  }

  /** Worth trying again later with the same request. */
  get transient(): boolean {
    return TRANSIENT.has(this.kind);
  }
}

/** The sync is stopping: not a problem with the upstream, so callers drop it quietly. */
export function stopped(): UpstreamError {
  return new UpstreamError("aborted", "stopped");
}

/** An HTTP status that is not a success, in words the sync records and people search logs for. */
export function statusError(service: string, status: number, route: string): UpstreamError {
  if (status === 401 || status === 403) return new UpstreamError("auth", `${service} rejected the token (HTTP ${status} on ${route})`, status);
  if (status === 404) return new UpstreamError("not_found", `${service} answered 404 Not Found for ${route}`, status);
  if (status === 429) return new UpstreamError("rate_limit", `${service} kept answering 429 Too Many Requests for ${route}`, status);
  if (status >= 500) return new UpstreamError("upstream", `${service} answered HTTP ${status} for ${route}`, status);
  return new UpstreamError("invalid_response", `${service} answered HTTP ${status} for ${route}`, status);
}
