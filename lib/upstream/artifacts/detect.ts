import path from "node:path";
import { toolFromFileName } from "@/lib/domain/artifact-names";
import { ARTIFACTS, type ArtifactSpec, type ArtifactTool } from "@/lib/domain/cwiq";

/**
 * Best guess from a file name and the configured artifact table (SCAN_ARTIFACTS; CWIQ's by default);
 * null when only the content can tell (e.g. a bare "trivy.sarif" or "report.sarif").
 */
export function toolFromName(name: string, table: readonly ArtifactSpec[] = ARTIFACTS): ArtifactTool | null {
  return toolFromFileName(name, table);
}

export type DeclaredFormat = "sarif" | "json" | "xml" | "dotenv";

/** What the file name's extension promises, checked against the content. */
export function formatFromName(name: string | undefined): DeclaredFormat | null {
  const extension = name === undefined ? "" : path.extname(name).toLowerCase();
  if (extension === ".sarif") return "sarif";
  if (extension === ".json") return "json";
  if (extension === ".xml") return "xml";
  if (extension === ".env") return "dotenv";
  return null;
}
