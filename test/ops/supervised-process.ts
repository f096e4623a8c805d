import { spawn, type ChildProcess } from "node:child_process";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { commandLine, descendantsOf, isRunning } from "@/lib/platform/processes";
import { onLines, parseLogLine, type LogLine } from "@/test/support/process-lines";

/*
 * Stageboard started as a supervisor starts it (systemd, a container runtime, a process manager):
 * one command whose PID the supervisor keeps and signals, and nothing else. The command runs in a
 * process group of its own, so no signal meant for the test runner's group reaches it.
 */

export const REPO = path.resolve(import.meta.dirname, "../..");

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SupervisedProcess {
  readonly pid: number;
  /** Every line of stdout and stderr so far. */
  readonly lines: readonly string[];
  /** The pino lines among them. */
  readonly logs: readonly LogLine[];
  /** Null while it runs. */
  readonly exit: Exit | null;
  /** Resolves when a line containing `text` has appeared; rejects when the process exits first or after `timeoutMs`. */
  waitForLine(text: string, timeoutMs: number): Promise<void>;
  /** Resolves with how it ended; rejects after `timeoutMs`. */
  waitForExit(timeoutMs: number): Promise<Exit>;
  signal(name: NodeJS.Signals): void;
}

const started = new Set<{ child: ChildProcess; descendants: Set<number> }>();


/**
 * Starts `command` in the repository with `env` and nothing of this process's environment but PATH
 * and HOME (so no DATABASE_URL); NODE_ENV as an installation sets it.
 */
export function startSupervised(command: string, args: string[], env: Record<string, string>): SupervisedProcess {
  const child = spawn(command, args, {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "production", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${command} could not be started`);
  const record = { child, descendants: new Set<number>() };
  started.add(record);
  const lines: string[] = [];
  const logs: LogLine[] = [];
  const waiters = new Set<() => void>();
  let exit: Exit | null = null;
  const exited = new Promise<Exit>((resolve) => {
    child.once("exit", (code, signal) => {
      exit = { code, signal };
      resolve(exit);
      for (const wake of waiters) wake();
    });
  });
  const take = (line: string) => {
    lines.push(line);
    const log = parseLogLine(line);
    if (log) logs.push(log);
    for (const wake of waiters) wake();
  };
  onLines(child.stdout, take);
  onLines(child.stderr, take);

  return {
    pid,
    lines,
    logs,
    get exit() {
      return exit;
    },
    waitForLine(text, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (lines.some((line) => line.includes(text))) done(() => resolve());
          else if (exit) done(() => reject(new Error(`exited (${JSON.stringify(exit)}) before "${text}":\n${lines.slice(-30).join("\n")}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`no "${text}" within ${timeoutMs} ms:\n${lines.slice(-30).join("\n")}`))), timeoutMs);
        const done = (settle: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          settle();
        };
        waiters.add(check);
        check();
      });
    },
    waitForExit(timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`still running after ${timeoutMs} ms:\n${lines.slice(-30).join("\n")}`)), timeoutMs);
        void exited.then((result) => {
          clearTimeout(timer);
          resolve(result);
        });
      });
    },
    signal(name) {
      process.kill(pid, name);
    },
  };
}

/** Every process under `pid` now, with its command line (remembered for the teardown too). */
export async function processTree(root: SupervisedProcess): Promise<{ pid: number; args: string[] }[]> {
  const pids = await descendantsOf(root.pid);
  const record = [...started].find((r) => r.child.pid === root.pid);
  for (const pid of pids) record?.descendants.add(pid);
  const tree = await Promise.all(pids.map(async (pid) => ({ pid, args: (await commandLine(pid)) ?? [] })));
  return tree.filter((entry) => entry.args.length > 0);
}

/** The PIDs among `pids` still running after up to `timeoutMs`. */
export async function stillRunning(pids: number[], timeoutMs: number): Promise<number[]> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const running = (await Promise.all(pids.map(async (pid) => ((await isRunning(pid)) ? pid : undefined)))).filter((pid) => pid !== undefined);
    if (running.length === 0 || performance.now() >= deadline) return running;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Kills whatever a test left running (after a failure or a timeout): the process, its group, everything recorded under it. */
export function killSupervised(): void {
  for (const { child, descendants } of started) {
    for (const pid of [child.pid ?? 0, ...descendants]) {
      try {
        if (pid > 0) process.kill(pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
  }
  started.clear();
}

/** A data folder the embedded PostgreSQL can use when it runs as the `postgres` user (the tests run as root here). */
export async function tempDataDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "stageboard-ops-"));
  await chmod(dir, 0o755);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
