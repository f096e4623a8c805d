import path from "node:path";
import { parseCobertura } from "./cobertura";
import { formatFromName, toolFromName } from "./detect";
import { parseDotenv } from "./dotenv";
import { isRecord, parseJsonText } from "./json";
import { DEFAULT_MAX_ARTIFACT_BYTES, collect, readFileBounded, tooLargeMessage } from "./read";
import { gitlabToolOf, isGitlabTool, looksLikeGitlabReport, parseGitlabReport, type GitlabTool } from "./gitlab-report";
import { looksLikeSarif, parseSarif, sarifDriverFamily, sarifHasOsPackages } from "./sarif";
import { countBySeverity } from "./severity";
import { looksLikeTrivyJson, parseTrivyJson, trivyToolForArtifactType } from "./trivy-json";
import type { ArtifactSpec, ArtifactTool, ScanTool } from "@/lib/domain/cwiq";
import { ArtifactError, type ArtifactResult } from "./types";
import { errorMessage } from "@/lib/domain/error-message";

export type ArtifactSource = { path: string } | { bytes: Uint8Array | string } | { stream: AsyncIterable<Uint8Array> };

export type ArtifactInput = ArtifactSource & {
  /** Artifact file name (e.g. "trivy-image-results.json"); defaults to the path's base name. */
  name?: string;
  /** Which parser to use; guessed from the name, then the content, when omitted. */
  tool?: ArtifactTool;
  /** The configured artifact table (SCAN_ARTIFACTS) whose file names tell a tool; CWIQ's by default. */
  artifacts?: readonly ArtifactSpec[];
  /** Larger artifacts are refused before they are read (default DEFAULT_MAX_ARTIFACT_BYTES, 50 MB). */
  maxBytes?: number;
};

/**
 * Parses one scan, coverage or dotenv artifact. Never throws for bad input: unreadable, empty,
 * oversized, malformed, truncated or wrong-tool files give `{ status: "error", message }`.
 */
export async function parseArtifact(input: ArtifactInput): Promise<ArtifactResult> {
  const name = input.name ?? ("path" in input ? path.basename(input.path) : undefined);
  const state: { tool: ArtifactTool | null } = { tool: input.tool ?? (name === undefined ? null : toolFromName(name, input.artifacts)) };
  try {
    const bytes = await readSource(input, input.maxBytes ?? DEFAULT_MAX_ARTIFACT_BYTES);
    return parseText(decode(bytes), name, state);
  } catch (error) {
    const message = error instanceof ArtifactError ? error.message : `cannot parse: ${errorMessage(error)}`;
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

type ScanFormat = "sarif" | "trivy" | "gitlab";

const FORMAT_NAMES: Record<ScanFormat, string> = { sarif: "SARIF", trivy: "a Trivy JSON report", gitlab: "a GitLab security report" };

/** The formats each scanner's artifact comes in. */
const READS: Record<ScanTool, readonly ScanFormat[]> = {
  semgrep: ["sarif"],
  "trivy-fs": ["sarif", "trivy"],
  "trivy-image": ["sarif", "trivy"],
  gitleaks: ["sarif"],
  sarif: ["sarif"],
  "gitlab-sast": ["gitlab"],
  "gitlab-secrets": ["gitlab"],
  "gitlab-dependencies": ["gitlab"],
  "gitlab-container": ["gitlab"],
};

const expected = (tool: ScanTool) => READS[tool].map((f) => FORMAT_NAMES[f]).join(" or ");

function wrongFormat(tool: ScanTool, format: ScanFormat): ArtifactError {
  if (tool === "semgrep" && format === "trivy") return new ArtifactError("wrong tool: expected Semgrep SARIF, but this is a Trivy JSON report");
  return new ArtifactError(`wrong format: ${tool} reads ${expected(tool)}, but this is ${FORMAT_NAMES[format]}`);
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
  if (first === "<") throw new ArtifactError(`not JSON: this is an XML file, expected ${tool === null ? "a scan report" : expected(tool)}`);
  const doc = parseJsonText(text);
  if (!isRecord(doc)) throw new ArtifactError("not a scan report: the top level is not an object (SARIF, Trivy JSON and GitLab reports are)");
  const format: ScanFormat | null = looksLikeSarif(doc) ? "sarif" : looksLikeTrivyJson(doc) ? "trivy" : looksLikeGitlabReport(doc) ? "gitlab" : null;
  if (format === null) {
    throw new ArtifactError("neither SARIF (no runs), a Trivy JSON report (no SchemaVersion) nor a GitLab security report (no vulnerabilities)");
  }
  if (format !== "sarif" && formatFromName(name) === "sarif") {
    throw new ArtifactError(`wrong format: the file is named .sarif but holds ${FORMAT_NAMES[format]}, not SARIF`);
  }
  const scanTool = tool ?? guessScanTool(doc, format, name);
  state.tool = scanTool;
  if (!READS[scanTool].includes(format)) throw wrongFormat(scanTool, format);
  const findings = format === "sarif" ? parseSarif(doc, scanTool) : format === "trivy" ? parseTrivyJson(doc, scanTool) : parseGitlabReport(doc, gitlabTool(scanTool));
  return { status: "ok", kind: "scan", tool: scanTool, findings, countsBySeverity: countBySeverity(findings) };
}

function gitlabTool(tool: ScanTool): GitlabTool {
  if (isGitlabTool(tool)) return tool;
  throw wrongFormat(tool, "gitlab");
}

/** With no tool and no telling name: Trivy JSON says its ArtifactType, a GitLab report its scan type, SARIF its drivers. */
function guessScanTool(doc: Record<string, unknown>, format: ScanFormat, name: string | undefined): ScanTool {
  if (format === "trivy") return trivyToolForArtifactType(doc.ArtifactType);
  if (format === "gitlab") return gitlabToolOf(doc);
  const families = new Set(driverNames(doc).map(sarifDriverFamily));
  const [family] = families;
  // Several tools in one file, or a tool without conventions of its own: SARIF's rules alone.
  if (families.size !== 1 || family === undefined || family === null) return "sarif";
  if (family === "semgrep" || family === "gitleaks") return family;
  const base = (name ?? "").toLowerCase();
  if (base.includes("image")) return "trivy-image";
  if (base.includes("fs")) return "trivy-fs";
  // Only image scans report OS packages.
  return sarifHasOsPackages(doc) ? "trivy-image" : "trivy-fs";
}

function driverNames(doc: Record<string, unknown>): string[] {
  const runs: unknown[] = Array.isArray(doc.runs) ? doc.runs : [];
  return runs.map((run) => {
    const tool = isRecord(run) ? run.tool : undefined;
    const driver = isRecord(tool) ? tool.driver : undefined;
    return isRecord(driver) && typeof driver.name === "string" ? driver.name : "";
  });
}
