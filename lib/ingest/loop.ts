import pLimit from "p-limit";
import type { ArtifactSpec } from "@/lib/domain/cwiq";
import type { ChannelConfig, DefectDojoTarget, ServiceConfig } from "@/lib/platform/config";
import type { Db } from "@/lib/platform/db/client";
import type { Logger } from "@/lib/platform/log";
import { createSender, type ChannelSender } from "@/lib/upstream/channels";
import { createDojoClient } from "@/lib/upstream/defectdojo/client";
import { createGitlabClient } from "@/lib/upstream/gitlab/client";
import { createSonarClient } from "@/lib/upstream/sonarqube/client";
import { RequestBudget, sleep, type RetryPolicy } from "@/lib/upstream/transport";
import type { AlertEngine } from "./alerts/evaluate";
import { createAlertRunner, type AlertRunner } from "./alerts/runner";
import type { ProjectSyncResult, SecurityUpstreams, SyncContext } from "./context";
import { pollProject, syncWebhookProject } from "./cycle";
import { LeaderLock } from "./leader-lock";
import { hasPendingWebhookEvents, pruneWebhookEvents, secondsSinceLastWebhook } from "./webhooks/queue";
import { pollIntervalSeconds } from "./webhooks/rhythm";
import { onWebhookArrived } from "./webhooks/wake";
import { errorMessage } from "@/lib/domain/error-message";

/** Where an upstream is reached, and the token it wants. */
export interface Endpoint {
  url: string;
  token: string;
}

export interface SyncLoopOptions {
  db: Db;
  /** Connection for the leader lock (the same database as `db`). */
  databaseUrl: string;
  gitlab: Endpoint;
  services: ServiceConfig[];
  pollIntervalSeconds: number;
  /** Poll interval while webhooks arrive (default: pollIntervalSeconds, i.e. no change). */
  reconcileIntervalSeconds?: number;
  /** How often the loop looks for queued webhook events between polls (default 5 s). */
  webhookCheckSeconds?: number;
  backfillDays: number;
  concurrency: number;
  requestTimeoutMs: number;
  logger: Logger;
  retry?: Partial<RetryPolicy>;
  /** GitLab requests per minute at most, retries included (GITLAB_MAX_REQUESTS_PER_MINUTE; 0 or unset: no ceiling of our own). */
  maxRequestsPerMinute?: number;
  overlapMs?: number;
  /** Completed pipelines per project per cycle whose own answer is asked for GitLab's timings. */
  timingsBudget?: number;
  /** Pipeline test reports read per project per cycle (main and merge-request pipelines first). */
  testReportBudget?: number;
  /** A test report larger than this is recorded as an error without being read. */
  maxTestReportBytes?: number;
  /** Days of test results kept. */
  testResultsDays?: number;
  /** Artifacts fetched per project per cycle. */
  artifactBudget?: number;
  /** SonarQube and DefectDojo, to link main runs to their analysis and test (optional). */
  sonarqube?: Endpoint;
  defectdojo?: Endpoint;
  /** Each service's DefectDojo product and engagement, by service name (others: the defaults). */
  defectdojoTargets?: Readonly<Record<string, DefectDojoTarget>>;
  /** Artifacts larger than this are recorded as errors without being read. */
  maxArtifactBytes?: number;
  /** Which job artifacts are read and how (SCAN_ARTIFACTS); CWIQ's five when left out. */
  artifacts?: readonly ArtifactSpec[];
  now?: () => Date;
  /**
   * Alert rules and channels: evaluated once a cycle stored pipelines (the rules those decide) and
   * after every cycle (all of them), the outbox sent by the lock holder.
   */
  alerts?: AlertLoopOptions;
}

export interface AlertLoopOptions {
  engine: Omit<AlertEngine, "channels" | "services">;
  channels: readonly ChannelConfig[];
  deliveryTimeoutMs: number;
  publicUrl: string | undefined;
  /**
   * The outbox's clock, for retry backoff and leases (default: the loop's `now`). Where the sync runs
   * on a simulated clock (tests, the bench), retries still wait real seconds.
   */
  deliveryClock?: () => Date;
}

export interface SyncCycleResult {
  leader: boolean;
  requests: number;
  projects: ProjectSyncResult[];
}

export interface SyncLoop {
  /** One cycle now, if this process holds the lock. */
  runCycle(): Promise<SyncCycleResult>;
  /** Only the queued webhook events, if this process holds the lock (what a webhook wakes the loop for). */
  runWebhookCycle(): Promise<SyncCycleResult>;
  /** Cycles until stopped, every poll interval. */
  start(): void;
  stop(): Promise<void>;
  /** GitLab requests sent so far. */
  readonly requests: number;
  /** Sends the alert outbox's due rows now, if this process holds the lock. */
  deliverAlerts(): Promise<void>;
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
    budget: options.maxRequestsPerMinute ? new RequestBudget(options.maxRequestsPerMinute) : undefined,
    signal: controller.signal,
    onRequest: () => {
      requests += 1;
    },
    onRetry: (info) => logger.info(info, "retrying GitLab request"),
  });
  const limit = pLimit(options.concurrency);
  const upstreamOptions = { timeoutMs: options.requestTimeoutMs, retry: options.retry, signal: controller.signal };
  const security: SecurityUpstreams = {
    ...(options.sonarqube ? { sonar: { url: options.sonarqube.url, client: createSonarClient({ ...options.sonarqube, ...upstreamOptions }) } } : {}),
    ...(options.defectdojo
      ? { dojo: { url: options.defectdojo.url, client: createDojoClient({ ...options.defectdojo, ...upstreamOptions }), targets: options.defectdojoTargets } }
      : {}),
  };
  let running: Promise<void> | undefined;
  let wasLeader = false;
  const now = () => (options.now ?? (() => new Date()))();
  // One sender per configured channel, named by its kind (one channel of each kind).
  const senders = new Map<string, ChannelSender>(
    (options.alerts?.channels ?? []).map((c) => [c.kind, createSender(c, { timeoutMs: options.alerts?.deliveryTimeoutMs ?? 5_000, publicUrl: options.alerts?.publicUrl })]),
  );
  const config = options.alerts;
  const alerts: AlertRunner | undefined = config
    ? createAlertRunner({
        db: options.db,
        engine: { ...config.engine, services: options.services.map((s) => s.name), channels: config.channels.map((c) => ({ name: c.kind, route: c.route })) },
        senders,
        now,
        deliveryClock: config.deliveryClock ?? now,
        leaseMs: config.deliveryTimeoutMs * 3 + 10_000,
        logger,
        signal: controller.signal,
        mayDeliver: isLeader,
      })
    : undefined;

  /** After a cycle: what holds now against the stored alerts, then what the outbox has due. */
  const afterCycle = async () => alerts?.cycleDone();
  const deliver = async () => alerts?.deliver();

  async function isLeader(): Promise<boolean> {
    const leader = await lock.tryAcquire();
    if (leader !== wasLeader) logger.info({ leader }, leader ? "sync lock taken: this process syncs" : "another process holds the sync lock");
    wasLeader = leader;
    return leader;
  }

  function context(): SyncContext {
    return {
      db: options.db,
      gitlab,
      limit,
      backfillDays: options.backfillDays,
      overlapMs: options.overlapMs ?? 60_000,
      timingsBudget: options.timingsBudget,
      testReportBudget: options.testReportBudget,
      maxTestReportBytes: options.maxTestReportBytes,
      testResultsDays: options.testResultsDays,
      artifactBudget: options.artifactBudget,
      maxArtifactBytes: options.maxArtifactBytes,
      artifacts: options.artifacts,
      security,
      logger,
      now: options.now,
      requestCount: () => requests,
      pipelinesStored: alerts?.pipelinesStored,
    };
  }

  async function runCycle(): Promise<SyncCycleResult> {
    if (!(await isLeader())) return { leader: false, requests: 0, projects: [] };
    const before = requests;
    const ctx = context();
    // Queued webhook events first (usually none), then the poll, which then finds them unchanged.
    const projects = await Promise.all(options.services.map((service) => pollProject(ctx, service)));
    await pruneWebhookEvents(options.db).catch(() => {});
    await afterCycle();
    return { leader: true, requests: requests - before, projects };
  }

  async function runWebhookCycle(): Promise<SyncCycleResult> {
    if (!(await isLeader())) return { leader: false, requests: 0, projects: [] };
    const before = requests;
    const ctx = context();
    const projects = await Promise.all(options.services.map((service) => syncWebhookProject(ctx, service)));
    await afterCycle();
    return { leader: true, requests: requests - before, projects };
  }

  const rhythm = { pollIntervalSeconds: options.pollIntervalSeconds, reconcileIntervalSeconds: options.reconcileIntervalSeconds ?? options.pollIntervalSeconds };
  const tickMs = Math.min(options.pollIntervalSeconds, options.webhookCheckSeconds ?? 5) * 1000;

  /*
   * Every tick: a full poll when the interval (longer while webhooks arrive) has passed, otherwise
   * only the queued webhook events, if any. A webhook received in this process cuts the wait short.
   */
  async function loop() {
    let lastPollAt = -Infinity;
    let catchingUp = false;
    let woken = false;
    let wake = new AbortController();
    const unsubscribe = onWebhookArrived(() => {
      woken = true;
      wake.abort();
    });
    try {
      while (!controller.signal.aborted) {
        try {
          // A waiting process asks for the lock at the normal interval, to take over soon after the leader stops.
          const interval = wasLeader ? pollIntervalSeconds(rhythm, await secondsSinceLastWebhook(options.db), catchingUp) : options.pollIntervalSeconds;
          if (performance.now() - lastPollAt >= interval * 1000) {
            lastPollAt = performance.now();
            woken = false;
            const result = await runCycle();
            catchingUp = result.projects.some((p) => p.catchingUp);
            if (result.leader) {
              const failed = result.projects.filter((p) => !p.ok).map((p) => p.service);
              const changed = result.projects.reduce((n, p) => n + p.pipelinesChanged, 0);
              logger.info({ requests: result.requests, changed, failed, catchingUp }, "sync cycle done");
            }
          } else if (woken || (await hasPendingWebhookEvents(options.db))) {
            woken = false;
            const result = await runWebhookCycle();
            const changed = result.projects.reduce((n, p) => n + p.pipelinesChanged, 0);
            if (result.leader) logger.debug({ requests: result.requests, changed }, "webhook events synced");
          } else if (wasLeader) {
            // Retries that came due between cycles.
            await deliver();
          }
        } catch (error) {
          // A cycle never takes the loop down: the next one tries again.
          logger.error({ err: errorMessage(error) }, "sync cycle failed");
        }
        wake = new AbortController();
        if (!woken) await sleep(tickMs, AbortSignal.any([controller.signal, wake.signal])).catch(() => {});
      }
    } finally {
      unsubscribe();
    }
  }

  return {
    runCycle,
    runWebhookCycle,
    start() {
      running ??= loop();
    },
    async stop() {
      controller.abort();
      // The loop finishes a send in progress (bounded by the delivery timeout), so a restart repeats nothing.
      await running?.catch(() => {});
      await alerts?.idle();
      await lock.release();
      for (const sender of senders.values()) sender.close();
    },
    get requests() {
      return requests;
    },
    async deliverAlerts() {
      if (await isLeader()) await deliver();
    },
  };
}
