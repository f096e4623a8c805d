import pLimit from "p-limit";
import type { Config, ServiceConfig } from "../config";
import type { Db } from "../db/client";
import { createGitlabClient } from "../gitlab/client";
import type { RetryPolicy } from "../gitlab/retry-policy";
import { sleep } from "../gitlab/requester";
import type { Logger } from "../log";
import { LeaderLock } from "./leader-lock";
import { syncProject, type ProjectSyncResult } from "./project-sync";

export interface SyncLoopOptions {
  db: Db;
  /** Connection for the leader lock (the same database as `db`). */
  databaseUrl: string;
  gitlab: { url: string; token: string };
  services: ServiceConfig[];
  pollIntervalSeconds: number;
  backfillDays: number;
  concurrency: number;
  requestTimeoutMs: number;
  logger: Logger;
  retry?: Partial<RetryPolicy>;
  overlapMs?: number;
  testReportBudget?: number;
  now?: () => Date;
}

export interface SyncCycleResult {
  leader: boolean;
  requests: number;
  projects: ProjectSyncResult[];
}

export interface SyncLoop {
  /** One cycle now, if this process holds the lock. */
  runCycle(): Promise<SyncCycleResult>;
  /** Cycles until stopped, every poll interval. */
  start(): void;
  stop(): Promise<void>;
  /** GitLab requests sent so far. */
  readonly requests: number;
}

export function syncOptionsFromConfig(config: Config, db: Db, databaseUrl: string, gitlab: { url: string; token: string }, logger: Logger): SyncLoopOptions {
  return {
    db,
    databaseUrl,
    gitlab,
    services: config.services,
    pollIntervalSeconds: config.pollIntervalSeconds,
    backfillDays: config.backfillDays,
    concurrency: config.syncConcurrency,
    requestTimeoutMs: config.requestTimeoutMs,
    logger,
  };
}

export function createSyncLoop(options: SyncLoopOptions): SyncLoop {
  const { logger } = options;
  const controller = new AbortController();
  const lock = new LeaderLock(options.databaseUrl);
  let requests = 0;
  const gitlab = createGitlabClient({
    url: options.gitlab.url,
    token: options.gitlab.token,
    timeoutMs: options.requestTimeoutMs,
    retry: options.retry,
    signal: controller.signal,
    onRequest: () => {
      requests += 1;
    },
    onRetry: (info) => logger.info(info, "retrying GitLab request"),
  });
  const limit = pLimit(options.concurrency);
  let running: Promise<void> | undefined;
  let wasLeader = false;

  async function runCycle(): Promise<SyncCycleResult> {
    const leader = await lock.tryAcquire();
    if (leader !== wasLeader) logger.info({ leader }, leader ? "sync lock taken: this process syncs" : "another process holds the sync lock");
    wasLeader = leader;
    if (!leader) return { leader: false, requests: 0, projects: [] };
    const before = requests;
    const ctx = {
      db: options.db,
      gitlab,
      limit,
      backfillDays: options.backfillDays,
      overlapMs: options.overlapMs ?? 60_000,
      testReportBudget: options.testReportBudget,
      logger,
      now: options.now,
      requestCount: () => requests,
    };
    const projects = await Promise.all(options.services.map((service) => syncProject(ctx, service)));
    return { leader: true, requests: requests - before, projects };
  }

  async function loop() {
    while (!controller.signal.aborted) {
      try {
        const result = await runCycle();
        if (result.leader) {
          const failed = result.projects.filter((p) => !p.ok).map((p) => p.service);
          const changed = result.projects.reduce((n, p) => n + p.pipelinesChanged, 0);
          logger.info({ requests: result.requests, changed, failed }, "sync cycle done");
        }
      } catch (error) {
        // A cycle never takes the loop down: the next one tries again.
        logger.error({ err: error instanceof Error ? error.message : String(error) }, "sync cycle failed");
      }
      await sleep(options.pollIntervalSeconds * 1000, controller.signal).catch(() => {});
    }
  }

  return {
    runCycle,
    start() {
      running ??= loop();
    },
    async stop() {
      controller.abort();
      await running?.catch(() => {});
      await lock.release();
    },
    get requests() {
      return requests;
    },
  };
}
