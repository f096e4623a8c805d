import type { SyncLoopOptions } from "@/lib/ingest/loop";
import type { Config } from "@/lib/platform/config";
import type { Db } from "@/lib/platform/db/client";
import type { Logger } from "@/lib/platform/log";
import { BYTES_PER_MB } from "@/lib/upstream/artifacts";
import type { Upstream } from "./upstream";

/** The sync loop's options from the configuration and the upstream in use (real or simulated). */
export function syncOptionsFromConfig(config: Config, db: Db, databaseUrl: string, upstream: Upstream, logger: Logger): SyncLoopOptions {
  return {
    db,
    databaseUrl,
    gitlab: upstream.gitlab,
    sonarqube: upstream.sonarqube ?? undefined,
    defectdojo: upstream.defectdojo ?? undefined,
    defectdojoTargets: config.defectdojoTargets,
    maxArtifactBytes: config.maxArtifactMb * BYTES_PER_MB,
    maxTestReportBytes: config.maxTestReportMb * BYTES_PER_MB,
    testResultsDays: config.testResultsDays,
    artifacts: config.scanArtifacts,
    services: config.services,
    pollIntervalSeconds: config.pollIntervalSeconds,
    reconcileIntervalSeconds: config.reconcileIntervalSeconds,
    backfillDays: config.backfillDays,
    concurrency: config.syncConcurrency,
    requestTimeoutMs: config.requestTimeoutMs,
    maxRequestsPerMinute: config.maxRequestsPerMinute,
    logger,
    alerts: {
      engine: { alerts: config.alerts, findingMaxAgeDays: config.findingMaxAgeDays },
      // Configured channels; in demo mode without any, the simulated platform's receivers.
      channels: config.alerts.channels.length > 0 ? config.alerts.channels : (upstream.alertChannels ?? []),
      deliveryTimeoutMs: config.alerts.deliveryTimeoutMs,
      publicUrl: config.alerts.publicUrl,
    },
  };
}
