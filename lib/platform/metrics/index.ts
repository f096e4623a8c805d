import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type pg from "pg";

/*
 * The operators' figures, in Prometheus's text format (served at /metrics). One registry per
 * process, kept on globalThis: Next.js loads route handlers apart from the modules the start script
 * loads, and in development reloads them, yet every part of the process must count into the same
 * families. Label values are bounded sets (services, upstreams, route patterns, outcomes), never ids.
 */

export interface StageboardMetrics {
  registry: Registry;
  syncCycleSeconds: Histogram<"service" | "outcome">;
  syncLastSuccess: Gauge<"service">;
  backfillDone: Gauge<"service">;
  backfillPipelinesStored: Gauge<"service">;
  backfillPipelinesExpected: Gauge<"service">;
  upstreamRequests: Counter<"upstream" | "endpoint" | "status">;
  rateLimitRemaining: Gauge<"upstream">;
  webhookDeliveries: Counter<"outcome">;
  alertDeliveries: Counter<"channel" | "outcome">;
  httpRequestSeconds: Histogram<"route" | "method" | "status">;
}

const pools = new Set<pg.Pool>();

/** Counts a database pool's connections in `stageboard_db_pool_connections` until it is ended. */
export function trackPool(pool: pg.Pool): void {
  pools.add(pool);
}

function createMetrics(): StageboardMetrics {
  const registry = new Registry();
  // The standard process_* and nodejs_* families, which dashboards already know.
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  new Gauge({
    name: "stageboard_db_pool_connections",
    help: "Database pool connections by state, over every pool of the process",
    labelNames: ["state"],
    registers,
    collect() {
      let total = 0;
      let idle = 0;
      let waiting = 0;
      for (const pool of pools) {
        if (pool.ended) {
          pools.delete(pool);
          continue;
        }
        total += pool.totalCount;
        idle += pool.idleCount;
        waiting += pool.waitingCount;
      }
      this.set({ state: "in_use" }, total - idle);
      this.set({ state: "idle" }, idle);
      this.set({ state: "waiting_clients" }, waiting);
    },
  });
  return {
    registry,
    syncCycleSeconds: new Histogram({
      name: "stageboard_sync_cycle_duration_seconds",
      help: "One service's sync cycle (a poll), by outcome",
      labelNames: ["service", "outcome"],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers,
    }),
    syncLastSuccess: new Gauge({
      name: "stageboard_sync_last_success_timestamp_seconds",
      help: "When a service's last sync cycle succeeded (Unix time)",
      labelNames: ["service"],
      registers,
    }),
    backfillDone: new Gauge({
      name: "stageboard_backfill_done",
      help: "1 once a service's first backfill of history is complete, 0 while it runs",
      labelNames: ["service"],
      registers,
    }),
    backfillPipelinesStored: new Gauge({
      name: "stageboard_backfill_pipelines_stored",
      help: "Pipelines of the backfill window stored so far",
      labelNames: ["service"],
      registers,
    }),
    backfillPipelinesExpected: new Gauge({
      name: "stageboard_backfill_pipelines_expected",
      help: "Pipelines GitLab has in the backfill window (as its X-Total header says)",
      labelNames: ["service"],
      registers,
    }),
    upstreamRequests: new Counter({
      name: "stageboard_upstream_requests_total",
      help: "HTTP requests to GitLab, SonarQube and DefectDojo by endpoint and status (or timeout, network)",
      labelNames: ["upstream", "endpoint", "status"],
      registers,
    }),
    rateLimitRemaining: new Gauge({
      name: "stageboard_upstream_ratelimit_remaining",
      help: "The upstream's last RateLimit-Remaining header",
      labelNames: ["upstream"],
      registers,
    }),
    webhookDeliveries: new Counter({
      name: "stageboard_webhook_deliveries_total",
      help: "GitLab webhook deliveries received, by outcome",
      labelNames: ["outcome"],
      registers,
    }),
    alertDeliveries: new Counter({
      name: "stageboard_alert_deliveries_total",
      help: "Alert notifications by channel and outcome (sent; failed: retried later; dead: given up)",
      labelNames: ["channel", "outcome"],
      registers,
    }),
    httpRequestSeconds: new Histogram({
      name: "stageboard_http_request_duration_seconds",
      help: "Web requests by route pattern, method and status",
      labelNames: ["route", "method", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
  };
}

const globalForMetrics = globalThis as unknown as { stageboardMetrics?: StageboardMetrics };

/** The process's metric families. */
export function metrics(): StageboardMetrics {
  globalForMetrics.stageboardMetrics ??= createMetrics();
  return globalForMetrics.stageboardMetrics;
}

/** Everything in the text exposition format, with its content type. */
export async function exposition(): Promise<{ contentType: string; body: string }> {
  const { registry } = metrics();
  return { contentType: registry.contentType, body: await registry.metrics() };
}
