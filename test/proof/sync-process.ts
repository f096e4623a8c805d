import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { onLines, parseLogLine } from "@/test/support/process-lines";

/*
 * `npm run sync` (scripts/sync.ts) as a real OS process, as an installation runs it beside the web
 * servers: its pino lines read from stdout, stopped with a real signal.
 */

const REPO = path.resolve(import.meta.dirname, "../..");
/** How long a SIGTERM'd process may take to stop before it is killed outright. */
const STOP_GRACE_MS = 10_000;

/** Every child still running, killed on test teardown (see stopSyncProcesses) or, at the latest, when this process exits. */
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

export interface SyncProcess {
  readonly pid: number;
  /** The `msg` of every log line so far. */
  readonly messages: readonly string[];
  /** Output that is not a log line (stderr, a crash), kept to explain a failure. */
  readonly otherOutput: readonly string[];
  /** Exit code, or the signal's name; null while running. */
  readonly exit: number | string | null;
  count(message: string): number;
  /** SIGTERM, then SIGKILL after a grace period; resolves with the exit code or signal. */
  stop(): Promise<number | string>;
}


/** Starts scripts/sync.ts with `env` and nothing else of this process's but PATH and HOME, so no stray setting leaks in. */
export function startSyncProcess(env: Record<string, string>): SyncProcess {
  // `node --import tsx` rather than `npx tsx`: one process less to start and to signal.
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/sync.ts"], {
    cwd: REPO,
    // NODE_ENV as an installation runs it (nothing on the sync path reads it).
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "production", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error("the sync process could not be started");
  running.add(child);
  const messages: string[] = [];
  const otherOutput: string[] = [];
  let exit: number | string | null = null;
  const exited = new Promise<number | string>((resolve) => {
    child.once("exit", (code, signal) => {
      running.delete(child);
      exit = code ?? signal ?? "unknown";
      resolve(exit);
    });
  });
  onLines(child.stdout, (line) => {
    const message = parseLogLine(line)?.msg;
    if (message === undefined) otherOutput.push(line);
    else messages.push(message);
  });
  onLines(child.stderr, (line) => otherOutput.push(line));
  const pid = child.pid;
  return {
    pid,
    messages,
    otherOutput,
    get exit() {
      return exit;
    },
    count: (message) => messages.filter((m) => m.includes(message)).length,
    async stop() {
      if (exit !== null) return exit;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Kills every sync process still running (a test's teardown, after a timeout or a failure). */
export function stopSyncProcesses(): void {
  for (const child of running) child.kill("SIGKILL");
}
