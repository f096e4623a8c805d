/**
 * Child pipelines the simulated services start from a trigger job (GitLab's "bridge"): `ui`'s node
 * template runs its Playwright end-to-end tests as a child pipeline, started from the test stage by
 * `e2e: trigger: { include: .gitlab-ci-e2e.yml, strategy: depend }`. With `strategy: depend` the
 * trigger job takes the child's final status, so a failed child fails the parent's test stage.
 */

import type { Rng } from "./random";
import type { JobSpec, RefKind } from "./rules";
import type { JobFailure } from "./scenario";

export interface ChildPipelineSpec {
  /** The trigger job in the parent: listed by the bridges endpoint, never by the jobs endpoint. */
  trigger: JobSpec;
  /** The child's jobs; a child without `stages:` runs GitLab's default build and test stages. */
  jobs: readonly JobSpec[];
  /** Which of the child's jobs fail in one run. */
  failures(kind: RefKind, rng: Rng): ReadonlyMap<string, JobFailure>;
}

const SHARDS = ["playwright 1/3", "playwright 2/3", "playwright 3/3"];

/** Per shard: browsers time out now and then, more often on feature branches. */
const SHARD_FAILURE_ODDS: Readonly<Record<RefKind, number>> = { branch: 0.035, main: 0.012, tag: 0.012 };

export const UI_E2E: ChildPipelineSpec = {
  trigger: { name: "e2e", stage: "test", durationS: [0, 0], allowFailure: false, manual: false, artifacts: [] },
  jobs: [
    { name: "e2e-bundle", stage: "build", durationS: [50, 110], allowFailure: false, manual: false, artifacts: ["archive", "metadata"] },
    ...SHARDS.map((name): JobSpec => ({ name, stage: "test", durationS: [140, 320], allowFailure: false, manual: false, artifacts: ["archive", "metadata", "junit"] })),
  ],
  failures(kind, rng) {
    const failures = new Map<string, JobFailure>();
    for (const shard of SHARDS) {
      if (rng.chance(SHARD_FAILURE_ODDS[kind])) failures.set(shard, { reason: "script_failure", atFraction: rng.float(0.3, 0.95) });
    }
    return failures;
  },
};

const BY_PROJECT: Readonly<Record<string, readonly ChildPipelineSpec[]>> = { ui: [UI_E2E] };

/** The child pipelines a project's pipelines start (by the simulated project's name). */
export function childPipelinesOf(projectName: string): readonly ChildPipelineSpec[] {
  return BY_PROJECT[projectName] ?? [];
}
