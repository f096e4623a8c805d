import { spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { z } from "zod";
import { report } from "./stats";

const routeStats = z.array(z.object({ route: z.string(), firstLoadChunkPaths: z.array(z.string()) }));

/** Figure names of the page routes; any other page is named by its path, so a new page is reported too. */
const NAMES: Record<string, string> = {
  "/": "overview",
  "/services/[name]": "service_page",
  "/pipelines/[id]": "pipeline_page",
  // Named apart from /tests, whose figure it would otherwise repeat.
  "/tests/[id]": "test_page",
};

export function pageName(route: string): string | null {
  if (route.startsWith("/api/") || route.startsWith("/_")) return null;
  return NAMES[route] ?? `${route.replace(/\[[^\]]*\]/g, "").replace(/[^a-z0-9]+/gi, "_").replace(/^_+|_+$/g, "")}_page`;
}

/** Builds the app and reports each page's first-load JavaScript, gzip, from Next's own build diagnostics. */
export async function benchBundle() {
  const build = spawnSync("npx", ["--no-install", "next", "build"], { stdio: ["ignore", "ignore", "inherit"] });
  if (build.status !== 0) throw new Error("next build failed");
  const stats = routeStats.parse(JSON.parse(await readFile(".next/diagnostics/route-bundle-stats.json", "utf8")));
  const pages = stats.flatMap((s) => {
    const name = pageName(s.route);
    return name ? [{ ...s, name }] : [];
  });
  for (const { name, firstLoadChunkPaths } of pages.sort((a, b) => a.name.localeCompare(b.name))) {
    let bytes = 0;
    for (const chunk of firstLoadChunkPaths) bytes += gzipSync(await readFile(chunk)).length;
    report(`web.${name}_first_load_js_kb`, Math.round(bytes / 102.4) / 10, "kB");
  }
}
