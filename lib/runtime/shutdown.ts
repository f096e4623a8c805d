import { ConfigError } from "@/lib/platform/config";
import type { Logger } from "@/lib/platform/log";
import { errorMessage } from "@/lib/domain/error-message";

/*
 * How an entry point stops on SIGINT/SIGTERM: everything it started, last started first, within a
 * deadline. A stop that cannot finish (a database that does not answer, a hung request) is abandoned
 * when the deadline passes or a second signal arrives: what must not outlive the process (the
 * embedded PostgreSQL) is killed, what was still stopping is logged, and the process exits.
 */

export const DEFAULT_SHUTDOWN_TIMEOUT_SECONDS = 10;
const MAX_SHUTDOWN_TIMEOUT_SECONDS = 3_600;

/*
 * One Ctrl-C in a terminal reaches a process twice: the terminal signals the whole process group, and
 * npm passes its own copy on (so does a supervisor that signals every process of a service). A repeat
 * this soon is that same request, not an impatient second one.
 */
const SAME_REQUEST_MS = 1_000;
/** How long the kills of an abandoned stop may take before the process exits regardless. */
const KILL_GRACE_MS = 5_000;

/** SHUTDOWN_TIMEOUT_SECONDS: how long a stop may take before it is abandoned. */
export function shutdownTimeoutSeconds(env: Record<string, string | undefined> = process.env): number {
  const raw = env.SHUTDOWN_TIMEOUT_SECONDS?.trim();
  if (!raw) return DEFAULT_SHUTDOWN_TIMEOUT_SECONDS;
  if (!/^\d+$/.test(raw)) throw new ConfigError("SHUTDOWN_TIMEOUT_SECONDS", "must be a whole number");
  const seconds = Number(raw);
  if (seconds < 1 || seconds > MAX_SHUTDOWN_TIMEOUT_SECONDS) {
    throw new ConfigError("SHUTDOWN_TIMEOUT_SECONDS", `must be from 1 to ${MAX_SHUTDOWN_TIMEOUT_SECONDS}`);
  }
  return seconds;
}

export interface Shutdown {
  /** Something to stop, named for the log; stops run last registered first, so register in start order. */
  defer(name: string, stop: () => unknown): void;
  /** Ends what must not outlive this process when a stop is abandoned; bounded in time by itself. */
  onAbandon(kill: () => Promise<void>): void;
  /** Stops as a signal would, then exits with `code` (a start-up that failed halfway uses 1). */
  stop(reason: string, code?: number): Promise<void>;
  readonly stopping: boolean;
}

export interface ShutdownOptions {
  logger: Logger;
  timeoutSeconds: number;
  /** process.exit, unless a test watches. */
  exit?: (code: number) => void;
}

/** Installs the SIGINT/SIGTERM handlers at once, so a signal during start-up stops what has started so far. */
export function handleShutdownSignals({ logger, timeoutSeconds, exit = (code) => process.exit(code) }: ShutdownOptions): Shutdown {
  const steps: { name: string; stop: () => unknown }[] = [];
  const kills: (() => Promise<void>)[] = [];
  let stopping = false;
  let abandoned = false;
  let current: string | undefined;
  let firstSignalAt = 0;

  async function abandon(reason: string): Promise<void> {
    if (abandoned) return;
    abandoned = true;
    const left = [current, ...steps.map((step) => step.name).reverse()].filter((name) => name !== undefined);
    logger.error({ reason, abandoned: left }, "stop abandoned: ending now");
    const regardless = setTimeout(() => exit(1), KILL_GRACE_MS);
    await Promise.allSettled(kills.map((kill) => kill()));
    clearTimeout(regardless);
    exit(1);
  }

  async function stop(reason: string, code = 0): Promise<void> {
    if (stopping) return;
    stopping = true;
    const started = performance.now();
    logger.info({ reason, timeoutSeconds }, "stopping");
    const deadline = setTimeout(() => void abandon(`not stopped within ${timeoutSeconds} s`), timeoutSeconds * 1000);
    // Popped one by one: something registered while the stop runs is stopped too.
    for (let step = steps.pop(); step && !abandoned; step = steps.pop()) {
      current = step.name;
      try {
        await step.stop();
      } catch (error) {
        logger.warn({ step: step.name, err: errorMessage(error) }, "did not stop cleanly");
      }
    }
    current = undefined;
    if (abandoned) return;
    clearTimeout(deadline);
    logger.info({ ms: Math.round(performance.now() - started) }, "stopped");
    exit(code);
  }

  const onSignal = (signal: NodeJS.Signals) => {
    if (!stopping) {
      firstSignalAt = performance.now();
      void stop(signal);
    } else if (performance.now() - firstSignalAt >= SAME_REQUEST_MS) {
      void abandon(`second ${signal}`);
    }
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  return {
    defer: (name, stopStep) => void steps.push({ name, stop: stopStep }),
    onAbandon: (kill) => void kills.push(kill),
    stop,
    get stopping() {
      return stopping;
    },
  };
}
