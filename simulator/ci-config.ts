import { createHash } from "node:crypto";
import type { SimProject, SimulationModel } from "./model";

/*
 * Each simulated project's `.gitlab-ci.yml` at main, served by the repository files API. Backends
 * include common, python, trivy and scan; the frontend (`ui`) common, node, trivy and scan, all
 * pinned to a version tag of cwiq/ci-templates — except `executor`, which drifted: it follows the
 * templates' `main` branch and lost the scan template.
 */

export const CI_TEMPLATES_PROJECT = "cwiq/ci-templates";
export const CI_TEMPLATES_VERSION = "v2.14.0";
export const CI_FILE = ".gitlab-ci.yml";

export interface CiInclude {
  ref: string;
  files: string[];
}

export function ciIncludeFor(project: SimProject): CiInclude {
  const language = project.name === "ui" ? "node" : "python";
  const files = ["common", language, "trivy", "scan"].map((t) => `/templates/.gitlab-ci-${t}.yml`);
  if (project.name === "executor") return { ref: "main", files: files.filter((f) => !f.endsWith("-scan.yml")) };
  return { ref: CI_TEMPLATES_VERSION, files };
}

export function ciConfigText(project: SimProject): string {
  const include = ciIncludeFor(project);
  return [
    "include:",
    `  - project: '${CI_TEMPLATES_PROJECT}'`,
    `    ref: '${include.ref}'`,
    "    file:",
    ...include.files.map((f) => `      - '${f}'`),
    "",
    "variables:",
    `  SERVICE_NAME: ${project.name}`,
    `  IMAGE_NAME: registry.cwiq.example/${project.pathWithNamespace}`,
    "",
  ].join("\n");
}

/** Git's blob id of the content (sha1 over "blob <size>\0" + content). */
function blobId(content: Buffer): string {
  return createHash("sha1").update(`blob ${content.length}\0`).update(content).digest("hex");
}

/** The repository files the simulator has, keyed by path; only `.gitlab-ci.yml`. */
export function repositoryFile(project: SimProject, path: string): Buffer | null {
  return path === CI_FILE ? Buffer.from(ciConfigText(project), "utf8") : null;
}

/** `GET /projects/:id/repository/files/:file_path?ref=` as GitLab's JSON (content in base64). */
export function repositoryFileJson(model: SimulationModel, project: SimProject, path: string, ref: string, content: Buffer, t: number) {
  const existing = project.pipelines.slice(0, model.existingCount(project, t));
  const head = existing.findLast((p) => p.ref === "main")?.sha ?? "0".repeat(40);
  return {
    file_name: path.split("/").pop() ?? path,
    file_path: path,
    size: content.length,
    encoding: "base64",
    content_sha256: createHash("sha256").update(content).digest("hex"),
    ref,
    blob_id: blobId(content),
    commit_id: head,
    last_commit_id: head,
    execute_filemode: false,
    content: content.toString("base64"),
  };
}
