/**
 * `npm run parse -- FILE [--tool TOOL]`: prints an artifact's normalised findings as JSON lines
 * (coverage and dotenv: one line with the result). Reads SARIF from any tool (Semgrep, Trivy, Gitleaks,
 * any other as `sarif`), Trivy JSON, GitLab's security reports (gl-*-report.json), Cobertura and
 * dotenv. The tool is guessed from the file name (SCAN_ARTIFACTS' names too, as the sync reads them),
 * then the content, when omitted. Errors go to stderr as `parse: FILE: message`, exit 1.
 */
import { parseArgs } from "node:util";
import { ARTIFACT_TOOLS, type ArtifactSpec } from "@/lib/domain/cwiq";
import { loadScanArtifacts } from "@/lib/platform/config";
import { isArtifactTool, parseArtifact, type ArtifactResult } from "@/lib/upstream/artifacts";
import { errorMessage } from "@/lib/domain/error-message";

const USAGE = `usage: npm run parse -- FILE [--tool ${ARTIFACT_TOOLS.join("|")}]`;

function usage(message: string): never {
  console.error(`parse: ${message}\n${USAGE}`);
  process.exit(2);
}

function readArgs(): { file: string; tool: string | undefined } {
  try {
    const { values, positionals } = parseArgs({ options: { tool: { type: "string" } }, allowPositionals: true });
    if (positionals.length !== 1 || positionals[0] === undefined) usage("expected exactly one FILE");
    return { file: positionals[0], tool: values.tool };
  } catch (error) {
    usage(errorMessage(error));
  }
}

function configuredArtifacts(): ArtifactSpec[] {
  try {
    return loadScanArtifacts();
  } catch (error) {
    usage(errorMessage(error));
  }
}

function outputLines(result: Exclude<ArtifactResult, { status: "error" }>): string[] {
  if (result.kind === "scan") return result.findings.map((finding) => JSON.stringify(finding));
  if (result.kind === "coverage") return [JSON.stringify({ tool: result.tool, ...result.coverage })];
  return [JSON.stringify({ tool: result.tool, ...result.dotenv })];
}

async function main() {
  const { file, tool } = readArgs();
  if (tool !== undefined && !isArtifactTool(tool)) usage(`unknown --tool "${tool}"`);
  const result = await parseArtifact({ path: file, tool, artifacts: configuredArtifacts() });
  if (result.status === "error") {
    console.error(`parse: ${file}: ${result.message}`);
    process.exit(1);
  }
  const lines = outputLines(result);
  if (lines.length > 0) process.stdout.write(`${lines.join("\n")}\n`);
}

main().catch((error: unknown) => {
  console.error(`parse: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
