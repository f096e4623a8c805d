import { z } from "zod";
import { baseName, toolFromFileName } from "@/lib/domain/artifact-names";
import { ARTIFACTS, ARTIFACT_TOOLS, SCAN_TOOLS, type ArtifactSpec, type ArtifactTool } from "@/lib/domain/cwiq";

/*
 * SCAN_ARTIFACTS: which job artifacts the sync reads, comma-separated `job:file[:tool]` entries;
 * unset, CWIQ's five. GitLab job names often hold ":" ("test:unit"), so an entry is read from the
 * right: the last part is the tool when it names one, the part before it the file, the rest the job.
 * Without a tool the file name tells it (lib/domain/artifact-names.ts), and any other `.sarif` is
 * read as generic SARIF.
 */

const TOOL_LIST = ARTIFACT_TOOLS.join(", ");

function isArtifactTool(value: string): value is ArtifactTool {
  return ARTIFACT_TOOLS.some((tool) => tool === value);
}

const isScanTool = (tool: ArtifactTool) => SCAN_TOOLS.some((t) => t === tool);

/** The tool a file name implies, or why it implies none. */
function toolOfFile(file: string): ArtifactTool | string {
  const tool = toolFromFileName(file);
  if (tool) return tool;
  const base = baseName(file);
  if (base.includes("trivy")) return `"${file}" could be trivy-fs or trivy-image: add :trivy-fs or :trivy-image`;
  if (base.endsWith(".sarif")) return "sarif";
  return `cannot tell the tool of "${file}" from its name: add :TOOL (one of ${TOOL_LIST})`;
}

/** One `job:file[:tool]` entry, or the problem with it. */
function parseEntry(entry: string): ArtifactSpec | string {
  const parts = entry.split(":");
  const last = parts.at(-1)?.trim() ?? "";
  let tool: ArtifactTool | undefined;
  if (parts.length >= 3) {
    if (isArtifactTool(last)) tool = last;
    // A last part that cannot be a file name (no dot, no slash) is a misspelt tool.
    else if (!/[./]/.test(last)) return `unknown tool "${last}" in "${entry}" (one of ${TOOL_LIST})`;
    if (tool) parts.pop();
  }
  if (parts.length < 2) return `"${entry}" is not job:file or job:file:tool`;
  const file = parts.pop()?.trim() ?? "";
  const job = parts.join(":").trim();
  if (job === "" || file === "") return `"${entry}" is not job:file or job:file:tool`;
  if (file.startsWith("/") || file.split("/").includes("..")) return `"${file}" must be a path inside the job's artifacts (no leading / or ..)`;
  const resolved = tool ?? toolOfFile(file);
  if (!isArtifactTool(resolved)) return resolved;
  return { job, file, tool: resolved };
}

/** The configured table, or the first problem with it as one line. */
export function parseScanArtifacts(raw: string | undefined): { ok: true; artifacts: ArtifactSpec[] } | { ok: false; problem: string } {
  if (raw === undefined || raw.trim() === "") return { ok: true, artifacts: ARTIFACTS.map((a) => ({ ...a })) };
  const artifacts: ArtifactSpec[] = [];
  for (const entry of raw.split(",").map((e) => e.trim()).filter(Boolean)) {
    const spec = parseEntry(entry);
    if (typeof spec === "string") return { ok: false, problem: spec };
    if (artifacts.some((a) => a.job === spec.job && a.file === spec.file)) return { ok: false, problem: `${spec.job}:${spec.file} is listed twice` };
    // Each scanner's reports are compared run to run (new, fixed, open), so one artifact per scanner.
    const sameTool = isScanTool(spec.tool) ? artifacts.find((a) => a.tool === spec.tool) : undefined;
    if (sameTool) {
      return { ok: false, problem: `${spec.tool} is read from both ${sameTool.job}:${sameTool.file} and ${spec.job}:${spec.file}; each scanner may be listed once` };
    }
    artifacts.push(spec);
  }
  if (artifacts.length === 0) return { ok: false, problem: "lists no artifact" };
  return { ok: true, artifacts };
}

/** The zod field for the environment schema: a bad value fails with its one-line problem. */
export const scanArtifactsSchema = z
  .string()
  .optional()
  .transform((raw, ctx) => {
    const parsed = parseScanArtifacts(raw);
    if (parsed.ok) return parsed.artifacts;
    ctx.addIssue({ code: "custom", message: parsed.problem });
    return z.NEVER;
  });
