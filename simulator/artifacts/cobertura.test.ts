import { XMLParser } from "fast-xml-parser";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { coberturaRate, renderCobertura } from "./cobertura";

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", isArray: (name) => ["package", "class", "line", "source"].includes(name) });

const Line = z.object({ number: z.string(), hits: z.string() });
const Class = z.object({ name: z.string(), filename: z.string(), "line-rate": z.string(), lines: z.union([z.literal(""), z.object({ line: z.array(Line) })]) });
const Coverage = z.object({
  coverage: z.object({
    version: z.string(),
    "line-rate": z.string(),
    "lines-valid": z.string(),
    "lines-covered": z.string(),
    "branch-rate": z.string(),
    sources: z.object({ source: z.array(z.string()) }),
    packages: z.object({ package: z.array(z.object({ name: z.string(), "line-rate": z.string(), classes: z.object({ class: z.array(Class) }) })) }),
  }),
});

const FILES = [
  { path: "__init__.py", statements: 0 },
  { path: "main.py", statements: 1200 },
  { path: "api/routes/users.py", statements: 3800 },
  { path: "api/routes/tenants.py", statements: 2000 },
  { path: "db/queries.py", statements: 3000 },
];

describe("coverage.py Cobertura XML", () => {
  const xml = renderCobertura({ source: "/builds/cwiq/server/app", files: FILES, coveragePercent: 81.37, timestamp: 1_780_000_000_000, seed: 9 });
  const doc = Coverage.parse(parser.parse(xml));

  it("puts the job's coverage / 100 in the root line-rate, and the totals agree with the lines", () => {
    expect(Number(doc.coverage["line-rate"])).toBe(0.8137);
    const classes = doc.coverage.packages.package.flatMap((p) => p.classes.class);
    const lines = classes.flatMap((c) => (c.lines === "" ? [] : c.lines.line));
    expect(lines.length).toBe(10_000);
    expect(String(lines.length)).toBe(doc.coverage["lines-valid"]);
    expect(String(lines.filter((l) => l.hits !== "0").length)).toBe(doc.coverage["lines-covered"]);
  });

  it("has one package per directory and one class per file, each with its own rate", () => {
    expect(doc.coverage.packages.package.map((p) => p.name)).toEqual([".", "api.routes", "db"]);
    const classes = doc.coverage.packages.package.flatMap((p) => p.classes.class);
    expect(classes.map((c) => c.filename).sort()).toEqual(FILES.map((f) => f.path).sort());
    for (const c of classes) {
      const lines = c.lines === "" ? [] : c.lines.line;
      expect(c["line-rate"]).toBe(coberturaRate(lines.filter((l) => l.hits !== "0").length, lines.length));
    }
    expect(classes.find((c) => c.filename === "__init__.py")?.lines).toBe("");
  });

  it("follows the real coverage.py 7.11 header", () => {
    const real = readFileSync("test/fixtures/real/coverage/coveragepy-7.11-cobertura-two-packages.xml", "utf8");
    const header = (text: string) => text.split("\n").slice(0, 5).map((l) => l.replace(/"[^"]*"/g, '""').replace(/<source>.*<\/source>/, ""));
    expect(header(xml)).toEqual(header(real));
    expect(doc.coverage.sources.source).toEqual(["/builds/cwiq/server/app"]);
  });

  it("formats rates as coverage.py's %.4g", () => {
    expect(coberturaRate(0, 0)).toBe("1");
    expect(coberturaRate(8137, 10_000)).toBe("0.8137");
    expect(coberturaRate(1, 3)).toBe("0.3333");
    expect(coberturaRate(5, 5)).toBe("1");
  });
});
