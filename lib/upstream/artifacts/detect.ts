import path from "node:path";
import { ARTIFACTS, type ArtifactTool } from "@/lib/domain/cwiq";

const BY_FILE_NAME: ReadonlyMap<string, ArtifactTool> = new Map(ARTIFACTS.map((a) => [a.file, a.tool]));

/** Best guess from a file name; null when only the content can tell (e.g. a bare "trivy.sarif"). */
export function toolFromName(name: string): ArtifactTool | null {
  const base = path.basename(name).toLowerCase();
  const known = BY_FILE_NAME.get(base);
  if (known) return known;
  if (base.includes("semgrep")) return "semgrep";
  if (base.includes("trivy")) {
    if (base.includes("image")) return "trivy-image";
    if (/(^|[-_.])fs([-_.]|$)/.test(base)) return "trivy-fs";
    return null;
  }
  if (base.endsWith(".env")) return "dotenv";
  if (base.endsWith(".xml")) return "cobertura";
  return null;
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
