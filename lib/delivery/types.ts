/** One deploy-dev job attempt with what followed it, as the delivery figures read it (times in epoch ms). */
export interface DeployAttempt {
  service: string;
  pipelineId: number;
  /** When the pipeline was created: a later deploy of an older pipeline is a rollback. */
  pipelineCreatedAt: number;
  /** The deploy job's status (success, failed, canceled, skipped, running, manual, …). */
  status: string;
  allowFailure: boolean;
  finishedAt: number | null;
  commitCreatedAt: number | null;
  commitTitle: string | null;
  /** The verify-dev attempt run after this deploy, if any. */
  verify: { status: string; finishedAt: number | null } | null;
}
