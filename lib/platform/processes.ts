import { readdir, readFile } from "node:fs/promises";

/*
 * Other processes as Linux shows them in /proc: whether one still runs, its command line, its
 * children. Elsewhere (no /proc) only `isRunning` answers; the rest know nothing.
 */

/** The fields of /proc/PID/stat after the command name, which may itself hold spaces and parentheses. */
async function statFields(pid: number): Promise<string[] | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  if (stat === undefined) return undefined;
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/** True while `pid` runs; a zombie (exited, not yet reaped by its parent) no longer counts. */
export async function isRunning(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists, but belongs to someone this process may not signal.
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const fields = await statFields(pid);
  return fields?.[0] !== "Z";
}

/** The command line `pid` was started with, or undefined when it is gone or cannot be read. */
export async function commandLine(pid: number): Promise<string[] | undefined> {
  const raw = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => undefined);
  return raw ? raw.split("\0").filter((arg) => arg !== "") : undefined;
}

/** The direct children of `pid`. */
export async function childrenOf(pid: number): Promise<number[]> {
  const entries = await readdir("/proc").catch((): string[] => []);
  const children: number[] = [];
  await Promise.all(
    entries
      .filter((entry) => /^\d+$/.test(entry))
      .map(async (entry) => {
        const fields = await statFields(Number(entry));
        if (fields?.[1] === String(pid)) children.push(Number(entry));
      }),
  );
  return children;
}

/** Every process started under `pid`, children before grandchildren. */
export async function descendantsOf(pid: number): Promise<number[]> {
  const found: number[] = [];
  for (let generation = [pid]; generation.length > 0; ) {
    const next = (await Promise.all(generation.map(childrenOf))).flat();
    found.push(...next);
    generation = next;
  }
  return found;
}

/** Resolves once `pid` no longer runs (checked every `intervalMs`), or with false after `timeoutMs`. */
export async function waitForExit(pid: number, timeoutMs: number, intervalMs = 100): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (await isRunning(pid)) {
    if (performance.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return true;
}
