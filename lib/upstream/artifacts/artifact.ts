import path from "node:path";
import { parseCobertura } from "./cobertura";
import { formatFromName, toolFromName } from "./detect";
import { parseDotenv } from "./dotenv";
import { isRecord, parseJsonText } from "./json";
import { DEFAULT_MAX_ARTIFACT_BYTES, collect, readFileBounded, tooLargeMessage } from "./read";
import { looksLikeSarif, parseSarif, sarifDriverFamily, sarifHasOsPackages } from "./sarif";
import { countBySeverity } from "./severity";
import { looksLikeTrivyJson, parseTrivyJson, trivyToolForArtifactType } from "./trivy-json";
import type { ArtifactTool, ScanTool } from "@/lib/domain/cwiq";
import { ArtifactError, type ArtifactResult } from "./types";

export type ArtifactSource = { path: string } | { bytes: Uint8Array | string } | { stream: AsyncIterable<Uint8Array> };

export type ArtifactInput = ArtifactSource & {
  /** Artifact file name (e.g. "trivy-image-results.json"); defaults to the path's base name. */
  name?: string;
  /** Which parser to use; guessed from the name, then the content, when omitted. */
  tool?: ArtifactTool;
  /** Larger artifacts are refused before they are read (default DEFAULT_MAX_ARTIFACT_BYTES, 50 MB). */
  maxBytes?: number;
};

/**
 * Parses one scan, coverage or dotenv artifact. Never throws for bad input: unreadable, empty,
 * oversized, malformed, truncated or wrong-tool files give `{ status: "error", message }`.
 */
export async function parseArtifact(input: ArtifactInput): Promise<ArtifactResult> {
  const name = input.name ?? ("path" in input ? path.basename(input.path) : undefined);
  const state: { tool: ArtifactTool | null } = { tool: input.tool ?? (name === undefined ? null : toolFromName(name)) };
  try {
    const bytes = await readSource(input, input.maxBytes ?? DEFAULT_MAX_ARTIFACT_BYTES);
    return parseText(decode(bytes), name, state);
  } catch (error) {
    const message = error instanceof ArtifactError ? error.message : `cannot parse: ${error instanceof Error ? error.message : String(error)}`;
    return { status: "error", tool: state.tool, message };
  }
}

async function readSource(source: ArtifactSource, maxBytes: number): Promise<Uint8Array> {
  if ("path" in source) return readFileBounded(source.path, maxBytes);
  if ("stream" in source) return collect(source.stream, maxBytes);
  const bytes = typeof source.bytes === "string" ? Buffer.from(source.bytes, "utf8") : source.bytes;
  if (bytes.byteLength > maxBytes) {
    throw new ArtifactError(tooLargeMessage(bytes.byteLength, maxBytes));
  }
  return bytes;
}

const SNIFF_BYTES = 8192;

function decode(bytes: Uint8Array): string {
  if (bytes.byteLength === 0) throw new ArtifactError("empty file (0 bytes)");
  if (bytes.subarray(0, SNIFF_BYTES).includes(0)) throw new ArtifactError("binary file, not text (compressed or not an artifact report?)");
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = buffer.toString("utf8");
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (withoutBom.trim() === "") throw new ArtifactError(`empty file (${bytes.byteLength} bytes of whitespace only)`);
  return withoutBom;
}

function parseText(text: string, name: string | undefined, state: { tool: ArtifactTool | null }): ArtifactResult {
  const first = text.trimStart()[0];
  const tool = state.tool ?? (first === "<" ? "cobertura" : first === "{" || first === "[" ? null : "dotenv");
  state.tool = tool;
  if (tool === "cobertura") return { status: "ok", kind: "coverage", tool, coverage: parseCobertura(text) };
  if (tool === "dotenv") {
    if (first === "<" || first === "{") throw new ArtifactError(`not a dotenv file: it looks like ${first === "<" ? "XML" : "JSON"}`);
    return { status: "ok", kind: "dotenv", tool, dotenv: parseDotenv(text) };
  }
  if (first === "<") throw new ArtifactError("not JSON: this is an XML file, expected SARIF or a Trivy JSON report");
  const doc = parseJsonText(text);
  if (!isRecord(doc)) throw new ArtifactError("neither SARIF nor a Trivy JSON report: the top level is not an object");
  const isSarif = looksLikeSarif(doc);
  const isTrivy = !isSarif && looksLikeTrivyJson(doc);
  if (!isSarif && !isTrivy) throw new ArtifactError("neither SARIF (no runs) nor a Trivy JSON report (no SchemaVersion)");
  if (isTrivy && formatFromName(name) === "sarif") {
    throw new ArtifactError("wrong format: the file is named .sarif but holds a Trivy JSON report, not SARIF");
  }
  const scanTool = tool ?? guessScanTool(doc, isSarif, name);
  state.tool = scanTool;
  const findings = isSarif ? parseSarif(doc, scanTool) : parseTrivyJson(doc, scanTool);
  return { status: "ok", kind: "scan", tool: scanTool, findings, countsBySeverity: countBySeverity(findings) };
}

/** With no tool and no telling name: Trivy JSON says its ArtifactType; SARIF its driver. */
function guessScanTool(doc: Record<string, unknown>, isSarif: boolean, name: string | undefined): ScanTool {
  if (!isSarif) return trivyToolForArtifactType(doc.ArtifactType);
  const driverName = firstDriverName(doc);
  const family = driverName === null ? null : sarifDriverFamily(driverName);
  if (family === "semgrep") return "semgrep";
  if (family === null) throw new ArtifactError(`SARIF from an unsupported tool${driverName ? ` ("${driverName}")` : ""}: expected Semgrep or Trivy`);
  const base = (name ?? "").toLowerCase();
  if (base.includes("image")) return "trivy-image";
  if (base.includes("fs")) return "trivy-fs";
  // Only image scans report OS packages.
  return sarifHasOsPackages(doc) ? "trivy-image" : "trivy-fs";
}

function firstDriverName(doc: Record<string, unknown>): string | null {
  const runs = doc.runs;
  const run: unknown = Array.isArray(runs) ? runs[0] : undefined;
  const tool = isRecord(run) ? run.tool : undefined;
  const driver = isRecord(tool) ? tool.driver : undefined;
  return isRecord(driver) && typeof driver.name === "string" ? driver.name : null;
}
