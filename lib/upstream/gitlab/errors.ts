import type { UpstreamErrorKind } from "@/lib/domain/sync-problems";

/** Why a GitLab request failed, as the sync records it and the UI explains it. */
export type GitlabErrorKind = UpstreamErrorKind;

export class GitlabError extends Error {
  constructor(
    readonly kind: GitlabErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "GitlabError";
  }

  /** Worth trying again later with the same request. */
  get transient(): boolean {
    return ["rate_limit", "network", "timeout", "upstream", "invalid_response"].includes(this.kind);
  }
}

export function describeStatus(status: number, endpoint: string): GitlabError {
  if (status === 401 || status === 403) {
    return new GitlabError("auth", `GitLab rejected the token (HTTP ${status} on ${endpoint})`, status);
  }
  if (status === 404) return new GitlabError("not_found", `GitLab answered 404 Not Found for ${endpoint}`, status);
  if (status === 429) return new GitlabError("rate_limit", `GitLab kept answering 429 Too Many Requests for ${endpoint}`, status);
  if (status >= 500) return new GitlabError("upstream", `GitLab answered HTTP ${status} for ${endpoint}`, status);
  return new GitlabError("invalid_response", `GitLab answered HTTP ${status} for ${endpoint}`, status);
}
