import type { z } from "zod";
import { ArtifactError } from "./types";
import { errorMessage } from "@/lib/domain/error-message";

/** JSON.parse with messages that say what is wrong with the file: truncated, or where it breaks. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = errorMessage(error);
    const position = /position (\d+)/.exec(detail);
    // V8 reports a cut-off document either as "end of input" or as an error just past the last character.
    if (/end of (JSON )?input/i.test(detail) || (position && Number(position[1]) >= text.trimEnd().length)) {
      throw new ArtifactError("truncated JSON: the file ends before the document is complete");
    }
    const where = position ? ` at ${lineAndColumn(text, Number(position[1]))}` : "";
    const reason = detail.replace(/\s*(in JSON )?at position \d+.*$/s, "").replace(/\s+/g, " ");
    throw new ArtifactError(`malformed JSON${where}: ${reason}`);
  }
}

function lineAndColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

/** Validates with a zod schema; the first problems become `what: path: message`. */
export function validate<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const shown = result.error.issues.slice(0, 3).map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  const more = result.error.issues.length > 3 ? ` (and ${result.error.issues.length - 3} more)` : "";
  throw new ArtifactError(`invalid ${what}: ${shown.join("; ")}${more}`);
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(document)";
  return path
    .map((key, i) => (typeof key === "number" ? `[${key}]` : `${i === 0 ? "" : "."}${String(key)}`))
    .join("");
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
