import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "@/lib/platform/db/embedded";
import { childrenOf, commandLine } from "@/lib/platform/processes";
import { killSupervised, processTree, REPO, startSupervised, stillRunning, tempDataDir, type SupervisedProcess } from "./supervised-process";

/*
 * Stopping as a supervisor stops it: one signal to the one PID it holds (npm's for `npm start`,
 * node's for the compiled entry), never to a process group. Afterwards nothing Stageboard started
 * may still run, the embedded PostgreSQL included, and a stop that cannot finish still ends.
 */

/** Generous bounds: these prove "within seconds", not a speed. */
const READY_MS = 90_000;
const CLEAN_STOP_MS = 30_000;
const LEFTOVERS_MS = 10_000;

/** What the demo needs to start, kept small: one day of history is enough to have a sync running. */
const DEMO = { BACKFILL_DAYS: "1" };

const messages = (child: SupervisedProcess) => child.logs.map((log) => log.msg);

async function postmasterPid(dataDir: string): Promise<number> {
  return Number((await readFile(path.join(dataDir, "postgres", "postmaster.pid"), "utf8")).split("\n", 1)[0]);
}

/** The log of starting PostgreSQL again on `dataDir`: it says whether the last stop was clean or needs recovery. */
async function restartLog(dataDir: string): Promise<string> {
  const lines: string[] = [];
  const database = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), onLog: (line) => lines.push(line) });
  await database.stop();
  return lines.join("\n");
}

afterEach(() => killSupervised());

describe("npm start under a supervisor", () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>;

  beforeAll(async () => {
    data = await tempDataDir();
    // `npm start` builds once when no build exists; done here, so the test measures the stop, not `next build`.
    if (!existsSync(path.join(REPO, ".next", "BUILD_ID"))) {
      execFileSync(process.execPath, [path.join(REPO, "node_modules", "next", "dist", "bin", "next"), "build"], { cwd: REPO, stdio: "ignore" });
    }
  }, 600_000);

  afterAll(() => data?.remove());

  it("stops the web server, the sync, the simulated GitLab and then the embedded PostgreSQL, cleanly, on one SIGTERM to npm's PID", async () => {
    const { dir } = data;
    const npm = startSupervised("npm", ["start"], { ...DEMO, STAGEBOARD_DATA_DIR: dir, PORT: "0", HOST: "127.0.0.1" });
    await npm.waitForLine("Stageboard is ready", READY_MS);

    const tree = await processTree(npm);
    // npm's child is node itself: no shell between them to swallow the signal.
    const children = await childrenOf(npm.pid);
    expect(children).toHaveLength(1);
    expect(path.basename((await commandLine(children[0] ?? 0))?.[0] ?? "")).toBe("node");
    const postgres = tree.filter((entry) => entry.args.some((arg) => arg.includes("postgres")));
    expect(postgres.length).toBeGreaterThan(1);
    expect(await postmasterPid(dir)).toBeGreaterThan(0);

    npm.signal("SIGTERM");
    await npm.waitForExit(CLEAN_STOP_MS);

    expect(await stillRunning(tree.map((entry) => entry.pid), LEFTOVERS_MS)).toEqual([]);
    expect(messages(npm)).toContain("stopped");
    expect(messages(npm)).not.toContain("stop abandoned: ending now");
    expect(existsSync(path.join(dir, "postgres", "postmaster.pid"))).toBe(false);
    // A clean shutdown: the next start finds the data folder shut down, with nothing to recover.
    const log = await restartLog(dir);
    expect(log).toMatch(/database system was shut down at/);
    expect(log).not.toMatch(/interrupted|automatic recovery|not properly shut down/);
  }, 180_000);
});

describe("the sync process when its database hangs", () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  const dist = path.join(REPO, "dist");

  beforeAll(async () => {
    data = await tempDataDir();
    // The compiled entry, run by plain node as in production.
    execFileSync(process.execPath, ["--import", "tsx", "scripts/build-entries.ts", dist], { cwd: REPO, stdio: "ignore" });
  }, 120_000);

  afterAll(() => data?.remove());

  it("abandons the stop at SHUTDOWN_TIMEOUT_SECONDS, kills the embedded PostgreSQL and exits (SIGTERM to node's PID)", async () => {
    const { dir } = data;
    const sync = startSupervised(process.execPath, [path.join(dist, "sync.js")], { ...DEMO, STAGEBOARD_DATA_DIR: dir, SHUTDOWN_TIMEOUT_SECONDS: "3" });
    await sync.waitForLine("sync loop running", READY_MS);
    const tree = await processTree(sync);
    expect(tree.some((entry) => entry.args.some((arg) => arg.includes("tsx")))).toBe(false);

    // A stopped postmaster takes the fast-shutdown request and never acts on it.
    process.kill(await postmasterPid(dir), "SIGSTOP");
    sync.signal("SIGTERM");
    // 3 s deadline, up to 2 s for PostgreSQL's immediate shutdown before SIGKILL, and room to spare.
    const exit = await sync.waitForExit(25_000);

    expect(exit.code).toBe(1);
    const abandoned = sync.logs.find((log) => log.msg === "stop abandoned: ending now");
    expect(abandoned).toMatchObject({ reason: "not stopped within 3 s" });
    // The database is what hangs; whatever was still stopping before it is named too.
    expect(abandoned?.abandoned).toContain("database");
    expect(messages(sync)).toContain("embedded PostgreSQL killed; its next start recovers from its write-ahead log");
    expect(await stillRunning(tree.map((entry) => entry.pid), LEFTOVERS_MS)).toEqual([]);
  }, 120_000);

  it("ends at once when its PostgreSQL dies mid-stop (SIGTERM to npm's PID, then SIGKILL to the postmaster)", async () => {
    const { dir } = data;
    // The same data folder: this start also recovers from the kill above.
    const npm = startSupervised("npm", ["run", "sync"], { ...DEMO, STAGEBOARD_DATA_DIR: dir, SHUTDOWN_TIMEOUT_SECONDS: "600" });
    await npm.waitForLine("sync loop running", READY_MS);
    const tree = await processTree(npm);
    const postmaster = await postmasterPid(dir);

    process.kill(postmaster, "SIGSTOP");
    npm.signal("SIGTERM");
    await npm.waitForLine('"msg":"stopping"', 10_000);
    process.kill(postmaster, "SIGKILL");
    // Far inside the 600 s deadline: the stop sees the server gone instead of waiting for it.
    await npm.waitForExit(CLEAN_STOP_MS);

    expect(messages(npm)).toContain("stopped");
    expect(messages(npm)).not.toContain("stop abandoned: ending now");
    // Its processes end on their own once they notice the postmaster is gone.
    expect(await stillRunning(tree.map((entry) => entry.pid), LEFTOVERS_MS)).toEqual([]);
  }, 120_000);

  it("ends at once on a second SIGTERM while the stop hangs", async () => {
    const { dir } = data;
    const npm = startSupervised("npm", ["run", "sync"], { ...DEMO, STAGEBOARD_DATA_DIR: dir, SHUTDOWN_TIMEOUT_SECONDS: "600" });
    await npm.waitForLine("sync loop running", READY_MS);
    const tree = await processTree(npm);

    process.kill(await postmasterPid(dir), "SIGSTOP");
    npm.signal("SIGTERM");
    await npm.waitForLine('"msg":"stopping"', 10_000);
    // Later than a duplicate of the first signal (a terminal's and npm's copies of one Ctrl-C) could arrive.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    npm.signal("SIGTERM");
    await npm.waitForExit(CLEAN_STOP_MS);

    expect(npm.logs.find((log) => log.msg === "stop abandoned: ending now")).toMatchObject({ reason: "second SIGTERM" });
    expect(await stillRunning(tree.map((entry) => entry.pid), LEFTOVERS_MS)).toEqual([]);
  }, 120_000);
});
