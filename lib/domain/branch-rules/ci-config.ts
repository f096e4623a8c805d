import { parse } from "yaml";
import { z } from "zod";
import { errorMessage } from "../error-message";

/*
 * A service's `.gitlab-ci.yml` against the shared templates (DESIGN.md): every service includes
 * common, trivy and scan from cwiq/ci-templates, backends add python, the frontend node, and the
 * include pins a version tag of the templates.
 */

export type ServiceKind = "backend" | "frontend";

/** `ui` is the frontend; every other CWIQ service is a Python backend. */
export function serviceKind(service: string): ServiceKind {
  return service === "ui" ? "frontend" : "backend";
}

export const REQUIRED_TEMPLATES: Readonly<Record<ServiceKind, readonly string[]>> = {
  backend: [".gitlab-ci-common.yml", ".gitlab-ci-python.yml", ".gitlab-ci-trivy.yml", ".gitlab-ci-scan.yml"],
  frontend: [".gitlab-ci-common.yml", ".gitlab-ci-node.yml", ".gitlab-ci-trivy.yml", ".gitlab-ci-scan.yml"],
};

export const TEMPLATES_PROJECT = /(^|\/)ci-templates$/;
const VERSION_TAG = /^v\d+\.\d+\.\d+$/;

const projectInclude = z.object({
  project: z.string(),
  ref: z.union([z.string(), z.number()]).optional(),
  file: z.union([z.string(), z.array(z.string())]),
});
const ciFile = z.object({ include: z.unknown().optional() }).passthrough();

export interface CiConfigResult {
  templatesRef: string | null;
  templates: string[];
  problems: string[];
  error: string | null;
}

export function checkCiConfig(service: string, text: string): CiConfigResult {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    return { templatesRef: null, templates: [], problems: ["the file is not valid YAML"], error: errorMessage(error) };
  }
  const file = ciFile.safeParse(doc ?? {});
  const raw = file.success ? file.data.include : undefined;
  const entries = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const includes = entries
    .map((e) => projectInclude.safeParse(e))
    .flatMap((r) => (r.success && TEMPLATES_PROJECT.test(r.data.project) ? [r.data] : []));

  if (includes.length === 0) {
    return { templatesRef: null, templates: [], problems: ["does not include cwiq/ci-templates"], error: null };
  }
  const templates = includes.flatMap((i) => (Array.isArray(i.file) ? i.file : [i.file]));
  const refs = [...new Set(includes.map((i) => (i.ref === undefined ? null : String(i.ref))))];
  const templatesRef = refs[0] ?? null;
  const problems: string[] = [];
  const names = new Set(templates.map((t) => t.split("/").pop() ?? t));
  for (const needed of REQUIRED_TEMPLATES[serviceKind(service)]) {
    if (!names.has(needed)) problems.push(`missing template ${needed}`);
  }
  for (const ref of refs) {
    if (ref === null) problems.push("the templates include pins no ref (follows the default branch)");
    else if (!VERSION_TAG.test(ref)) problems.push(`the templates include pins ref '${ref}', not a version tag`);
  }
  return { templatesRef, templates, problems, error: null };
}
