/** Request counters for tests and benchmarks (API requests only; control endpoints are not counted). */
export interface SimStatsSnapshot {
  total: number;
  /** e.g. `GET /api/v4/projects/:id/pipelines/:pipeline_id/jobs` */
  byRoute: Record<string, number>;
  /** HTTP status (or `dropped`) → count. */
  byStatus: Record<string, number>;
  faultsInjected: number;
  rateLimited: number;
}

export class SimStats {
  private data: SimStatsSnapshot = SimStats.empty();

  private static empty(): SimStatsSnapshot {
    return { total: 0, byRoute: {}, byStatus: {}, faultsInjected: 0, rateLimited: 0 };
  }

  get total(): number {
    return this.data.total;
  }

  get byRoute(): Readonly<Record<string, number>> {
    return this.data.byRoute;
  }

  record(route: string, status: number | "dropped", kind?: "fault" | "rate-limited"): void {
    this.data.total += 1;
    this.data.byRoute[route] = (this.data.byRoute[route] ?? 0) + 1;
    const key = String(status);
    this.data.byStatus[key] = (this.data.byStatus[key] ?? 0) + 1;
    if (kind === "fault") this.data.faultsInjected += 1;
    if (kind === "rate-limited") this.data.rateLimited += 1;
  }

  snapshot(): SimStatsSnapshot {
    return structuredClone(this.data);
  }

  reset(): void {
    this.data = SimStats.empty();
  }
}
