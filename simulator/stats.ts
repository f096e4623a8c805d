/** Request counters for tests and benchmarks (API requests only; control endpoints are not counted). */
export interface SimStatsSnapshot {
  total: number;
  /** e.g. `GET /api/v4/projects/:id/pipelines/:pipeline_id/jobs` */
  byRoute: Record<string, number>;
  /** HTTP status (or `dropped`) → count. */
  byStatus: Record<string, number>;
  faultsInjected: number;
  rateLimited: number;
  /** The most API requests that arrived within any 60 s of real time (for a client's own request budget). */
  busiestMinute: number;
}

const MINUTE_S = 60;

export class SimStats {
  private data: SimStatsSnapshot = SimStats.empty();
  /** Requests per second of real time (epoch second → count). */
  private perSecond = new Map<number, number>();

  constructor(private readonly realNow: () => number = Date.now) {}

  private static empty(): SimStatsSnapshot {
    return { total: 0, byRoute: {}, byStatus: {}, faultsInjected: 0, rateLimited: 0, busiestMinute: 0 };
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
    const second = Math.floor(this.realNow() / 1000);
    this.perSecond.set(second, (this.perSecond.get(second) ?? 0) + 1);
  }

  /** Sliding 60-second windows over the per-second counts (to the second). */
  private busiestMinute(): number {
    const seconds = [...this.perSecond.keys()].sort((a, b) => a - b);
    let best = 0;
    let inWindow = 0;
    let first = 0;
    for (const second of seconds) {
      inWindow += this.perSecond.get(second) ?? 0;
      while ((seconds[first] ?? second) <= second - MINUTE_S) inWindow -= this.perSecond.get(seconds[first++] ?? second) ?? 0;
      best = Math.max(best, inWindow);
    }
    return best;
  }

  snapshot(): SimStatsSnapshot {
    return { ...structuredClone(this.data), busiestMinute: this.busiestMinute() };
  }

  reset(): void {
    this.data = SimStats.empty();
    this.perSecond = new Map();
  }
}
