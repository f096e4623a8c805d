import { spawn } from "node:child_process";
import { freePort } from "@/lib/platform/db/embedded";

/**
 * The simulated GitLab in its own process, as a real GitLab would be: its CPU time does
 * not count against the sync being measured.
 */
export async function startSimulatorProcess(args: string[]): Promise<{ url: string; token: string; advance(seconds: number): Promise<void>; close(): Promise<void> }> {
  const port = await freePort();
  // Node itself rather than `npx tsx`: a signal to npx would leave the simulator running (and holding
  // this process's pipe open, so the bench would never exit).
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/sim.ts", "--port", String(port), ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    let buffer = "";
    child.stdout.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const found = buffer.split("\n").find((l) => l.includes("token:"));
      if (found) resolve(found);
    });
    child.once("exit", (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  const token = /token: (\S+)/.exec(line)?.[1];
  if (!token) throw new Error(`unexpected simulator banner: ${line}`);
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    token,
    async advance(seconds: number) {
      const res = await fetch(`${url}/__sim/advance?seconds=${seconds}`, { method: "POST" });
      if (!res.ok) throw new Error(`advance failed: HTTP ${res.status}`);
    },
    close: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
