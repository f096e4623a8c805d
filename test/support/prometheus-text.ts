/*
 * A strict reader of Prometheus's text exposition format (version 0.0.4), as a scraper reads it:
 * every sample belongs to a family declared by `# TYPE` before it, with the suffixes its type allows
 * (`_bucket`, `_sum`, `_count` for histograms); names, label syntax and values are checked. Anything
 * else throws, naming the line.
 */

export type FamilyType = "counter" | "gauge" | "histogram" | "summary" | "untyped";

export interface Sample {
  /** The sample's own name (`x_bucket`, `x_count`, or the family name). */
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  help: string;
  type: FamilyType;
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?$/;
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(,|$)/y;
const SUFFIXES: Record<FamilyType, readonly string[]> = {
  counter: ["", "_total"],
  gauge: [""],
  histogram: ["_bucket", "_sum", "_count"],
  summary: ["", "_sum", "_count"],
  untyped: [""],
};

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const match = LABEL.exec(text);
    if (!match) throw new Error(`bad labels in: ${line}`);
    const [, name = "", raw = ""] = match;
    if (name in labels) throw new Error(`label ${name} twice in: ${line}`);
    labels[name] = raw.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));
  }
  return labels;
}

function parseValue(text: string, line: string): number {
  // As Prometheus reads them (Go's ParseFloat): NaN and Inf in any case.
  if (/^[+]?inf$/i.test(text)) return Infinity;
  if (/^-inf$/i.test(text)) return -Infinity;
  if (/^nan$/i.test(text)) return NaN;
  const value = Number(text);
  if (text.trim() === "" || Number.isNaN(value)) throw new Error(`bad value in: ${line}`);
  return value;
}

export function parsePrometheusText(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const help = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const comment = /^#\s+(HELP|TYPE)\s+(\S+)\s*(.*)$/.exec(line);
    if (comment) {
      const [, kind, name = "", rest = ""] = comment;
      if (!NAME.test(name)) throw new Error(`bad metric name in: ${line}`);
      if (kind === "HELP") help.set(name, rest);
      else {
        if (!(rest in SUFFIXES)) throw new Error(`unknown type in: ${line}`);
        if (families.has(name)) throw new Error(`family ${name} declared twice`);
        families.set(name, { name, help: help.get(name) ?? "", type: rest as FamilyType, samples: [] });
      }
      continue;
    }
    if (line.startsWith("#")) continue;
    const sample = SAMPLE.exec(line);
    if (!sample) throw new Error(`not a sample: ${line}`);
    const [, name = "", labels = "", value = ""] = sample;
    const family = [...families.values()].find((f) => SUFFIXES[f.type].some((suffix) => `${f.name}${suffix}` === name));
    if (!family) throw new Error(`sample of no declared family: ${line}`);
    const parsed = parseLabels(labels, line);
    if (family.type === "histogram" && name.endsWith("_bucket") && !("le" in parsed)) throw new Error(`bucket without le: ${line}`);
    family.samples.push({ name, labels: parsed, value: parseValue(value, line) });
  }
  return families;
}
