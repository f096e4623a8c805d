/*
 * `npm run build:entries` (part of `npm run build`): the entry points as JavaScript for plain
 * `node`, so production runs no TypeScript loader. Project code is bundled (the `@/` alias resolved);
 * packages stay imports of node_modules. `dist/next.config.mjs` is next.config.ts the same way, for
 * an installation that ships no TypeScript sources (the container image): Next.js reads it at run time.
 * An argument names another output folder (tests build their own).
 */
import { rm } from "node:fs/promises";
import { build, type BuildOptions } from "esbuild";

const OUT_DIR = process.argv[2] ?? "dist";

const common: BuildOptions = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
};

await rm(OUT_DIR, { recursive: true, force: true });
await build({
  ...common,
  entryPoints: { start: "scripts/start.ts", sync: "scripts/sync.ts" },
  outdir: OUT_DIR,
  // The code both share is one file, not two copies.
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
});
await build({ ...common, entryPoints: { "next.config": "next.config.ts" }, outdir: OUT_DIR, outExtension: { ".js": ".mjs" }, sourcemap: false });
console.log(`compiled scripts/start.ts, scripts/sync.ts and next.config.ts into ${OUT_DIR}/`);
