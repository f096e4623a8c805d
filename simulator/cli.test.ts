import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");

describe("npm run sim", () => {
  it("prints the URL and token on one line, serves, and stops cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/sim.ts", "--port", "0", "--days", "1", "--token", "cli-token", "--rate", "0"], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes("\n")) resolve(out.split("\n")[0] ?? "");
        });
        child.once("exit", (code) => reject(new Error(`exited early with ${code}`)));
      });
      const url = /(http:\/\/127\.0\.0\.1:\d+)\/api\/v4/.exec(line)?.[1];
      expect(line).toContain("token: cli-token");
      expect(url).toBeDefined();
      const response = await fetch(`${url}/api/v4/projects/cwiq%2Fui`, { headers: { "PRIVATE-TOKEN": "cli-token" } });
      expect(response.status).toBe(200);
      expect(response.headers.get("ratelimit-limit")).toBeNull();
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
