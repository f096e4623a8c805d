import { IMAGE_TAG_CONSUMERS } from "@/lib/domain/cwiq";
/*
 * Whether what a pipeline pushed, scanned and deployed is the image its build produced (DESIGN.md:
 * build.env IMAGE_TAG=main-{sha}; push-latest, trivy-image-scan and deploy-dev must use that tag).
 */

export interface IntegrityJob {
  name: string;
  status: string;
  startedAt: number | null;
  finishedAt: number | null;
}

export interface IntegrityInput {
  ref: string;
  sha: string;
  /** IMAGE_TAG from the build's build.env, once the sync stores it. */
  imageTag: string | null;
  /** Every attempt of the pipeline's jobs. */
  jobs: readonly IntegrityJob[];
  /** Shas the pipeline's deployments reported. */
  deployedShas: readonly string[];
}

export interface IntegrityIssue {
  kind: "tag-mismatch" | "sha-mismatch" | "earlier-build";
  message: string;
}

/** Jobs that take the build's image tag from build.env. */

/** The tag the templates give a main build, `main-{sha}`; DESIGN.md states no rule for other refs. */
export function expectedImageTag(ref: string, sha: string): string | null {
  return ref === "main" ? `main-${sha}` : null;
}

export function integrityIssues(p: IntegrityInput): IntegrityIssue[] {
  const issues: IntegrityIssue[] = [];
  const expected = expectedImageTag(p.ref, p.sha);
  if (p.imageTag !== null && expected !== null && p.imageTag !== expected) {
    issues.push({ kind: "tag-mismatch", message: `build.env says IMAGE_TAG=${p.imageTag}, expected ${expected}` });
  }
  for (const sha of new Set(p.deployedShas)) {
    if (sha !== p.sha) issues.push({ kind: "sha-mismatch", message: `deployed ${sha.slice(0, 8)}, but the pipeline built ${p.sha.slice(0, 8)}` });
  }
  // The build whose tag counts is the last one that passed; anything that started before it finished used an earlier build.
  const builds = p.jobs.filter((j) => j.name === "build-push" && j.status === "success" && j.finishedAt !== null);
  const last = builds.reduce<IntegrityJob | null>((max, j) => (!max || (j.finishedAt ?? 0) > (max.finishedAt ?? 0) ? j : max), null);
  if (last && builds.length > 1 && last.finishedAt !== null) {
    const stale = p.jobs.filter(
      (j) => IMAGE_TAG_CONSUMERS.includes(j.name) && j.startedAt !== null && j.startedAt < (last.finishedAt ?? 0),
    );
    for (const name of new Set(stale.map((j) => j.name))) {
      issues.push({ kind: "earlier-build", message: `${name} ran with an earlier build-push; build-push was retried afterwards` });
    }
  }
  return issues;
}
