/**
 * build-push's `build.env` (an `artifacts:reports:dotenv` file that later jobs read): the image tag the
 * CWIQ templates compute, plus the image name and digest kaniko reports.
 */

import { Rng } from "../random";

export const REGISTRY = "registry.cwiq.example";

/** GitLab's CI_COMMIT_REF_SLUG: lower case, anything but a-z and 0-9 as "-", at most 63, no "-" at the ends. */
export function refSlug(ref: string): string {
  return ref
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "-")
    .slice(0, 63)
    .replace(/^-+|-+$/g, "");
}

export interface BuildRef {
  ref: string;
  refKind: "main" | "branch" | "tag";
  sha: string;
}

/** `main-{sha}` on main, `{ref slug}-{short sha}` on branches, the tag itself on tags. */
export function imageTag(build: BuildRef): string {
  if (build.refKind === "tag") return build.ref;
  if (build.refKind === "main") return `main-${build.sha}`;
  return `${refSlug(build.ref)}-${build.sha.slice(0, 8)}`;
}

export function buildEnv(projectPath: string, build: BuildRef, builtAt: number): Record<string, string> {
  const image = `${REGISTRY}/${projectPath}`;
  return {
    IMAGE_TAG: imageTag(build),
    IMAGE_NAME: image,
    IMAGE_DIGEST: `sha256:${Rng.derive("image-digest", projectPath, build.sha, build.ref).hex(64)}`,
    BUILD_DATE: new Date(builtAt).toISOString().replace(/\.\d{3}Z$/, "Z"),
  };
}

/** KEY=value lines, as the job's script writes them. */
export function renderDotenv(env: Readonly<Record<string, string>>): string {
  return Object.entries(env)
    .map(([key, value]) => `${key}=${value}`)
    .join("\n")
    .concat("\n");
}
