import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

/*
 * The dependency rules of .dependency-cruiser.cjs, run as `npm run lint` runs them: the tree obeys
 * them, and a planted cycle, an upward import and a page calling GitLab are each caught by name.
 */

const ROOT = path.resolve(import.meta.dirname, "../..");
const CONFIG = path.join(ROOT, ".dependency-cruiser.cjs");
const DEPCRUISE = path.join(ROOT, "node_modules/.bin/depcruise");

function cruise(cwd: string, targets: string[]) {
  const run = spawnSync(DEPCRUISE, ["--config", CONFIG, "--output-type", "err", ...targets], { cwd, encoding: "utf8" });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

const planted = mkdtempSync(path.join(tmpdir(), "stageboard-layers-"));
afterAll(() => rmSync(planted, { recursive: true, force: true }));

function plant(files: Record<string, string>) {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(planted, file)), { recursive: true });
    writeFileSync(path.join(planted, file), text);
  }
}

describe("the layer rules", () => {
  it("hold for the whole tree", () => {
    const run = cruise(ROOT, ["app", "components", "lib", "simulator", "scripts", "bench", "test", "e2e", "proxy.ts", "next.config.ts"]);
    expect(run.output).toContain("no dependency violations found");
    expect(run.status).toBe(0);
  });

  it("fail on a planted cycle, an import against the flow and a page that calls GitLab", () => {
    plant({
      "tsconfig.json": JSON.stringify({ compilerOptions: { module: "esnext", moduleResolution: "bundler" } }),
      "lib/domain/rule.ts": 'import { storeRows } from "../ingest/store";\nexport const rule = storeRows;\n',
      "lib/ingest/store.ts": "export const storeRows = 1;\n",
      "lib/pages/board/query.ts": 'import { client } from "../../upstream/gitlab/client";\nexport const query = client;\n',
      "lib/upstream/gitlab/client.ts": "export const client = 1;\n",
      "components/board/Board.tsx": 'import { Row } from "./Row";\nexport type Patch = { a: number };\nexport const Board = Row;\n',
      "components/board/Row.tsx": 'import type { Patch } from "./Board";\nexport const Row = (p: Patch) => p.a;\n',
    });
    const run = cruise(planted, ["lib", "components"]);
    expect(run.status).not.toBe(0);
    expect(run.output).toContain("layer-domain-not-ingest: lib/domain/rule.ts → lib/ingest/store.ts");
    expect(run.output).toContain("pages-read-postgres-only: lib/pages/board/query.ts → lib/upstream/gitlab/client.ts");
    expect(run.output).toMatch(/no-circular: components\/board\/(Board|Row)\.tsx/);
    expect(run.output).toContain("3 dependency violations");
  });
});
