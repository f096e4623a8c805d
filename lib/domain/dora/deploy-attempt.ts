/** One deploy-dev job attempt with what followed it, as the delivery figures read it (times in epoch ms). */
export interface DeployAttempt {
  service: string;
  /** GitLab pipeline id; ids grow with creation, so a later deploy of a lower id is a rollback. */
  pipelineId: number;
  /** The deploy job's status (success, failed, canceled, skipped, running, manual, …). */
  status: string;
  allowFailure: boolean;
  finishedAt: number | null;
  commitCreatedAt: number | null;
  commitTitle: string | null;
  /** The verify-dev attempt run after this deploy, if any. */
  verify: { status: string; finishedAt: number | null } | null;
}
