import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { validate } from "dockerfile-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { z } from "zod";
import { DEFAULT_SHUTDOWN_TIMEOUT_SECONDS } from "@/lib/runtime/shutdown";

/*
 * No container engine runs here, so the image cannot be built: what can be checked without one is.
 * The Dockerfile is well-formed and follows the rules a linter (hadolint) would hold it to; every
 * file it copies from the build context is in the context; every file it copies from the build
 * stage is made by `npm run build`; compose.yaml names the services and settings an installation
 * needs; the systemd unit runs the same compiled entry.
 */

const REPO = path.resolve(import.meta.dirname, "../..");
const read = (file: string) => readFileSync(path.join(REPO, file), "utf8");

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

interface Stage {
  image: string;
  name: string | undefined;
  instructions: Instruction[];
}

/** Logical lines (continuations joined, comments dropped) as instructions, grouped by stage. */
function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  let pending = "";
  let startLine = 0;
  text.split("\n").forEach((raw, index) => {
    const line = raw.trim();
    if (pending === "" && (line === "" || line.startsWith("#"))) return;
    if (pending === "") startLine = index + 1;
    if (line.endsWith("\\")) {
      pending += `${line.slice(0, -1)} `;
      return;
    }
    const whole = pending + line;
    pending = "";
    const [keyword = "", ...rest] = whole.split(/\s+/);
    const instruction = { keyword: keyword.toUpperCase(), args: rest.join(" "), line: startLine };
    if (instruction.keyword === "FROM") {
      const [image = "", as, name] = rest;
      stages.push({ image, name: as?.toUpperCase() === "AS" ? name : undefined, instructions: [] });
    }
    stages.at(-1)?.instructions.push(instruction);
  });
  return stages;
}

/** COPY's flags and its sources (every argument but the last). */
function parseCopy(args: string): { from: string | undefined; sources: string[] } {
  const words = args.split(/\s+/);
  const flags = words.filter((word) => word.startsWith("--"));
  const paths = words.filter((word) => !word.startsWith("--"));
  const from = flags.find((flag) => flag.startsWith("--from="))?.slice("--from=".length);
  return { from, sources: paths.slice(0, -1) };
}

/** .dockerignore's rules (Go filepath.Match patterns, `**` for any depth, `!` re-includes), as a test of a context path. */
function dockerignore(text: string): (file: string) => boolean {
  const rules = text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const include = line.startsWith("!");
      const pattern = path.posix.normalize((include ? line.slice(1) : line).replace(/^\/+/, ""));
      const source = pattern
        .split(/(\*\*|\*|\?)/)
        .map((part) => (part === "**" ? ".*" : part === "*" ? "[^/]*" : part === "?" ? "[^/]" : part.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
        .join("");
      return { include, regex: new RegExp(`^${source}$`) };
    });
  return (file) => {
    // A path is out when it, or a folder above it, matches; the last matching rule decides.
    const segments = path.posix.normalize(file).split("/");
    let excluded = false;
    for (let depth = 1; depth <= segments.length; depth += 1) {
      const prefix = segments.slice(0, depth).join("/");
      for (const rule of rules) if (rule.regex.test(prefix)) excluded = !rule.include;
    }
    return excluded;
  };
}

const packageJson = z
  .object({ scripts: z.record(z.string(), z.string()), allowScripts: z.record(z.string(), z.boolean()) })
  .parse(JSON.parse(read("package.json")));

const stages = parseDockerfile(read("Dockerfile"));
const final = stages.at(-1);
const isIgnored = dockerignore(read(".dockerignore"));
let builtDir = "";

beforeAll(async () => {
  // What `npm run build` compiles besides `next build`, into a folder of this test's own.
  builtDir = await mkdtemp(path.join(os.tmpdir(), "stageboard-entries-"));
  execFileSync(process.execPath, ["--import", "tsx", "scripts/build-entries.ts", builtDir], { cwd: REPO, stdio: "pipe" });
});

afterAll(async () => {
  if (builtDir) await rm(builtDir, { recursive: true, force: true });
});

/** Where a file copied from the build stage's /app comes from: `npm run build`'s output or the checkout. */
function madeByBuild(appPath: string): boolean {
  const relative = path.posix.relative("/app", appPath);
  if (relative === ".next") return /^next build\b/.test(packageJson.scripts.build ?? "");
  if (relative === "dist" || relative.startsWith("dist/")) return existsSync(path.join(builtDir, path.posix.relative("dist", relative)));
  // node_modules: made by the deps stage's npm ci.
  return relative === "node_modules" || existsSync(path.join(REPO, relative));
}

describe("the Dockerfile", () => {
  it("is well-formed (dockerfile-utils finds nothing)", () => {
    expect(validate(read("Dockerfile")).map((d) => `line ${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });

  it("builds in stages from a pinned node:20-slim, each COPY --from naming an earlier stage", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const names: string[] = [];
    for (const stage of stages) {
      const fromEarlier = names.includes(stage.image);
      if (!fromEarlier) expect(stage.image).toBe("node:20-slim");
      for (const instruction of stage.instructions.filter((i) => i.keyword === "COPY")) {
        const { from } = parseCopy(instruction.args);
        if (from !== undefined) expect(names, `line ${instruction.line}`).toContain(from);
      }
      if (stage.name) names.push(stage.name);
    }
    expect(final?.image).toBe("node:20-slim");
  });

  it("copies from the build context only what is in it, and leaves out of the context no checked-in file it needs", () => {
    const tracked = execFileSync("git", ["ls-files"], { cwd: REPO, encoding: "utf8" }).split("\n").filter(Boolean);
    for (const stage of stages) {
      for (const instruction of stage.instructions.filter((i) => i.keyword === "COPY" || i.keyword === "ADD")) {
        const { from, sources } = parseCopy(instruction.args);
        if (from !== undefined) continue;
        for (const source of sources.filter((s) => s !== ".")) {
          expect(existsSync(path.join(REPO, source)), `line ${instruction.line}: ${source} exists`).toBe(true);
          expect(isIgnored(source), `line ${instruction.line}: ${source} is in the build context`).toBe(false);
        }
      }
    }
    expect(tracked.filter(isIgnored).sort()).toEqual([".dockerignore", "Dockerfile", "compose.yaml"].filter((f) => tracked.includes(f)).sort());
    for (const local of ["node_modules", ".next", "dist", ".data", ".env", ".git", "lib/platform/db/generated"]) {
      expect(isIgnored(local), `${local} stays out of the build context`).toBe(true);
    }
  });

  it("copies from the build stage only what the build makes", () => {
    for (const instruction of final?.instructions.filter((i) => i.keyword === "COPY") ?? []) {
      const { from, sources } = parseCopy(instruction.args);
      expect(from, `line ${instruction.line} copies from a stage`).toBeDefined();
      for (const source of sources) expect(madeByBuild(source), `line ${instruction.line}: ${source}`).toBe(true);
    }
  });

  it("runs the compiled entry with plain node as PID 1, as a user other than root, stopped by SIGTERM", () => {
    const last = (keyword: string) => final?.instructions.filter((i) => i.keyword === keyword).at(-1)?.args;
    // Exec form: node itself is PID 1 and gets the SIGTERM; a shell form puts `sh -c` between them.
    expect(last("CMD")).toMatch(/^\[/);
    const cmd: unknown = JSON.parse(last("CMD") ?? "null");
    expect(cmd).toEqual(["node", "dist/start.js"]);
    expect(existsSync(path.join(builtDir, "start.js"))).toBe(true);
    expect(last("ENTRYPOINT")).toBeUndefined();
    expect(last("STOPSIGNAL")).toBe("SIGTERM");
    expect(last("USER")).toBeDefined();
    expect(["root", "0"]).not.toContain(last("USER"));
    // The healthcheck in exec form too: no shell is needed to run it.
    expect(last("HEALTHCHECK")).toMatch(/CMD \[/);
  });

  it("follows the usual lint rules: COPY not ADD, absolute WORKDIR, npm ci, no cd in RUN, known npm scripts, allowed install scripts only", () => {
    const all = stages.flatMap((stage) => stage.instructions);
    expect(all.filter((i) => i.keyword === "ADD")).toEqual([]);
    for (const workdir of all.filter((i) => i.keyword === "WORKDIR")) expect(workdir.args.startsWith("/")).toBe(true);
    const runs = all.filter((i) => i.keyword === "RUN").map((i) => i.args);
    expect(runs.some((run) => /\bnpm ci\b/.test(run))).toBe(true);
    for (const run of runs) {
      expect(run).not.toMatch(/\bnpm install\b/);
      expect(run).not.toMatch(/(^|&&|;)\s*cd\s/);
      for (const [, script] of run.matchAll(/npm run ([\w:-]+)/g)) expect(Object.keys(packageJson.scripts)).toContain(script);
      // Install scripts run only for what package.json's allowScripts permits.
      for (const [, names] of run.matchAll(/npm rebuild ([^&;]+)/g)) {
        for (const name of (names ?? "").trim().split(/\s+/)) expect(packageJson.allowScripts[name], name).toBe(true);
      }
      if (/apt-get install/.test(run)) expect(run).toMatch(/--no-install-recommends/);
    }
    const port = final?.instructions.find((i) => i.keyword === "ENV" && /\bPORT=(\d+)/.test(i.args))?.args.match(/\bPORT=(\d+)/)?.[1];
    expect(final?.instructions.find((i) => i.keyword === "EXPOSE")?.args).toBe(port);
  });
});

const composeFile = z.object({
  services: z.record(
    z.string(),
    z.object({
      image: z.string().optional(),
      build: z.string().optional(),
      command: z.array(z.string()).optional(),
      environment: z.record(z.string(), z.string()).optional(),
      deploy: z.object({ replicas: z.number() }).optional(),
      depends_on: z.record(z.string(), z.object({ condition: z.string() })).optional(),
      stop_grace_period: z.string().optional(),
      healthcheck: z.object({ disable: z.boolean().optional(), test: z.array(z.string()).optional() }).optional(),
    }),
  ),
});

describe("compose.yaml", () => {
  const compose = composeFile.parse(parse(read("compose.yaml"), { merge: true }));
  const { db, web, sync } = compose.services;
  const seconds = (duration: string | undefined) => Number(/^(\d+)s$/.exec(duration ?? "")?.[1] ?? Number.NaN);

  it("runs a real PostgreSQL 17 that the others wait for", () => {
    expect(db?.image).toBe("postgres:17");
    expect(db?.healthcheck?.test).toBeDefined();
    for (const service of [web, sync]) expect(service?.depends_on?.db?.condition).toBe("service_healthy");
  });

  it("runs several web replicas without the sync loop and one sync process, all on that database", () => {
    expect(web?.deploy?.replicas).toBeGreaterThan(1);
    expect(web?.environment?.SYNC_IN_PROCESS).toBe("false");
    expect(sync?.deploy?.replicas ?? 1).toBe(1);
    expect(sync?.command).toEqual(["node", "dist/sync.js"]);
    expect(existsSync(path.join(builtDir, "sync.js"))).toBe(true);
    for (const service of [web, sync]) {
      expect(service?.build).toBe(".");
      const url = new URL(service?.environment?.DATABASE_URL ?? "");
      expect(url.protocol).toBe("postgresql:");
      expect(url.hostname).toBe("db");
      expect(url.username).toBe(db?.environment?.POSTGRES_USER);
      expect(url.pathname).toBe(`/${db?.environment?.POSTGRES_DB}`);
    }
    // The sync process serves no HTTP: the image's healthcheck would fail it.
    expect(sync?.healthcheck?.disable).toBe(true);
  });

  it("gives Stageboard longer to stop than its own shutdown deadline", () => {
    for (const service of [web, sync]) expect(seconds(service?.stop_grace_period)).toBeGreaterThan(DEFAULT_SHUTDOWN_TIMEOUT_SECONDS);
  });
});

describe("deploy/stageboard.service", () => {
  const unit = Object.fromEntries(
    read("deploy/stageboard.service")
      .split("\n")
      .filter((line) => /^\w+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );

  it("runs the compiled entry with node, signals only node, and waits longer than its shutdown deadline", () => {
    expect(unit.ExecStart).toMatch(/\/node dist\/start\.js$/);
    expect(unit.KillMode).toBe("mixed");
    expect(unit.KillSignal).toBe("SIGTERM");
    expect(Number(unit.TimeoutStopSec)).toBeGreaterThan(DEFAULT_SHUTDOWN_TIMEOUT_SECONDS);
  });
});
