/*
 * What a pipeline's status says about its future, as GitLab's state machine has it. One place, so the
 * sync, the pages and the timings agree on which pipelines are done.
 */

/** The statuses at which GitLab sets `finished_at`: the pipeline ran to an end. */
export const COMPLETED_STATUSES: ReadonlySet<string> = new Set(["success", "failed", "canceled"]);

/** Still moving on its own: its jobs change without anyone acting, so each cycle re-reads it. */
export const UNDER_WAY_STATUSES: ReadonlySet<string> = new Set([
  "created",
  "waiting_for_resource",
  "preparing",
  "waiting_for_callback",
  "pending",
  "running",
  "scheduled",
  "canceling",
]);

/**
 * Settled: nothing more happens unless someone acts (a manual or blocked pipeline waits for a person)
 * or ever. Its jobs and test report are as final as they get until GitLab's list says it moved.
 */
export const SETTLED_STATUSES: ReadonlySet<string> = new Set([...COMPLETED_STATUSES, "skipped", "manual", "blocked"]);
