/** Why a request to an upstream (SonarQube, DefectDojo) failed, as the sync records it and the UI explains it. */
export type UpstreamErrorKind = "auth" | "not-found" | "rate-limited" | "timeout" | "server" | "malformed" | "network";

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
    return this.kind === "rate-limited" || this.kind === "timeout" || this.kind === "server" || this.kind === "network";
  }
}
