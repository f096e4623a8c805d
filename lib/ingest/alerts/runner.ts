import { PIPELINE_DECIDED_RULES, type AlertRule } from "@/lib/domain/alerts";
import type { Db } from "@/lib/platform/db/client";
import type { Logger } from "@/lib/platform/log";
import type { ChannelSender } from "@/lib/upstream/channels";
import { evaluateAlerts, type AlertEngine } from "./evaluate";
import { drainOutbox, nextDueAt } from "./outbox";
import { errorMessage } from "@/lib/domain/error-message";

/*
 * When the lock holder evaluates and sends. The rules that stored pipelines and jobs decide alone
 * (PIPELINE_DECIDED_RULES: main broke, dev unhealthy…) are evaluated the moment a cycle stored
 * pipelines, and their news is sent at once, while the cycle goes on with its slower steps (scan
 * artifacts, test reports); every rule is evaluated again when the cycle ends. Evaluations run one at
 * a time, in order: one that read its verdicts earlier must never write over a later one's. A
 * delivery that failed is tried again when its backoff ends, by a timer, not at the loop's next tick
 * or the end of a long cycle.
 */

export interface AlertRunnerOptions {
  db: Db;
  engine: AlertEngine;
  /** One sender per channel, by channel name. */
  senders: ReadonlyMap<string, ChannelSender>;
  /** The evaluation's clock: the sync's, which upstream times and the sync state compare with. */
  now: () => Date;
  /** The outbox's clock, for backoff and leases (real time where the sync's clock is simulated). */
  deliveryClock: () => Date;
  leaseMs: number;
  logger: Logger;
  /** Aborted on stop: no new drain starts. */
  signal: AbortSignal;
  /** Asked before a drain the runner starts on its own (a retry come due): the lock holder alone sends. */
  mayDeliver?: () => Promise<boolean>;
}

/** A retry's drain is never planned sooner than this after the last: a row that stays due cannot spin it. */
const MIN_WAKE_MS = 250;

export interface AlertRunner {
  /** A step stored pipelines: the rules they decide now, their news sent in the background. */
  pipelinesStored(): Promise<void>;
  /** A cycle ended: every rule, then what the outbox has due. */
  cycleDone(): Promise<void>;
  /** Sends what the outbox has due now (the runner also drains by itself when a retry comes due). */
  deliver(): Promise<void>;
  /** Waits for the evaluations and the sends in progress (a clean stop finishes them). */
  idle(): Promise<void>;
}


export interface EvaluationQueue {
  /** An evaluation of these rules (null: every rule), resolved once one that started after the call is done. */
  evaluate(rules: ReadonlySet<AlertRule> | null): Promise<void>;
  /** Resolves when every evaluation asked for so far is done. */
  idle(): Promise<void>;
}

/**
 * Evaluations one at a time, in the order asked. A call while one waits to start joins it, adding its
 * rules: it has not read anything yet, so it will see what the caller stored. `run` must not throw.
 */
export function evaluationQueue(run: (rules: ReadonlySet<AlertRule> | null) => Promise<void>): EvaluationQueue {
  let tail: Promise<void> = Promise.resolve();
  let waiting: { rules: Set<AlertRule> | null; done: Promise<void> } | null = null;
  return {
    evaluate(rules) {
      if (waiting) {
        if (rules === null) waiting.rules = null;
        else if (waiting.rules) for (const rule of rules) waiting.rules.add(rule);
        return waiting.done;
      }
      const entry: { rules: Set<AlertRule> | null; done: Promise<void> } = { rules: rules === null ? null : new Set(rules), done: tail };
      entry.done = tail.then(() => {
        // The waiting entry is always the last queued: from its start on, callers queue a new one.
        waiting = null;
        return run(entry.rules);
      });
      tail = entry.done;
      waiting = entry;
      return entry.done;
    },
    idle: () => tail,
  };
}

export function createAlertRunner(options: AlertRunnerOptions): AlertRunner {
  const { db, engine, logger } = options;
  const drains = new Set<Promise<void>>();

  async function run(rules: ReadonlySet<AlertRule> | null): Promise<void> {
    try {
      const result = await evaluateAlerts(db, engine, options.now(), logger, rules ?? undefined);
      // News goes out now, not after the rest of the cycle; the cycle's end drains again anyway.
      if (result.queued > 0) void deliver();
    } catch (error) {
      logger.error({ err: errorMessage(error) }, "alert evaluation failed");
    }
  }

  const evaluations = evaluationQueue(run);

  /**
   * A drain now, even while another sends: each claims other rows (a lease), and an alert's later
   * change waits for its earlier one on each channel, so news never waits behind a slow receiver's
   * answer to an older alert. Stop waits for every drain, so a clean stop never leaves a half-done send.
   */
  async function deliver(): Promise<void> {
    if (options.senders.size === 0 || options.signal.aborted) return;
    const drain = drainOutbox(db, { senders: options.senders, now: options.deliveryClock, logger, leaseMs: options.leaseMs })
      .then(() => nextDueAt(db, [...options.senders.keys()]))
      .then(wakeAt)
      .catch((error: unknown) => logger.error({ err: errorMessage(error) }, "alert delivery failed"));
    drains.add(drain);
    try {
      await drain;
    } finally {
      drains.delete(drain);
    }
  }

  let wake: { at: number; timer: ReturnType<typeof setTimeout> } | null = null;
  options.signal.addEventListener("abort", () => {
    if (wake) clearTimeout(wake.timer);
    wake = null;
  });

  /** Plans a drain for when the outbox next has something due, unless an earlier one is planned. */
  function wakeAt(due: Date | null): void {
    if (!due || options.signal.aborted) return;
    const now = options.deliveryClock().getTime();
    const at = Math.max(due.getTime(), now + MIN_WAKE_MS);
    if (wake && wake.at <= at) return;
    if (wake) clearTimeout(wake.timer);
    const timer = setTimeout(() => {
      wake = null;
      (options.mayDeliver ?? (async () => true))()
        .then((leader) => (leader ? deliver() : undefined))
        .catch((error: unknown) => logger.error({ err: errorMessage(error) }, "alert delivery failed"));
    }, at - now);
    // A planned retry never keeps the process alive.
    timer.unref();
    wake = { at, timer };
  }

  return {
    pipelinesStored: () => evaluations.evaluate(PIPELINE_DECIDED_RULES),
    async cycleDone() {
      await evaluations.evaluate(null);
      await deliver();
    },
    deliver,
    async idle() {
      await evaluations.idle();
      while (drains.size > 0) await Promise.all(drains);
    },
  };
}
