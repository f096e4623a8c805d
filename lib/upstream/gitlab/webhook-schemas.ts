import { z } from "zod";

/*
 * The three GitLab webhook payloads Stageboard reads, after GitLab's documented examples
 * (test/fixtures/real/gitlab-api/webhook-*.json*). Only what the sync needs is required: the
 * webhook says *which* pipeline or project changed; the sync re-reads it from the API, so a
 * webhook and a poll store the same rows. Unknown fields are dropped.
 */

const gitlabId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const shortText = z.string().max(1_000);

/** `X-Gitlab-Event: Pipeline Hook` */
export const pipelineHookSchema = z.object({
  object_kind: z.literal("pipeline"),
  object_attributes: z.object({
    id: gitlabId,
    iid: z.number().int().nonnegative().optional(),
    ref: shortText,
    sha: shortText,
    status: shortText,
    created_at: shortText.nullish(),
    finished_at: shortText.nullish(),
  }),
  project: z.object({ id: gitlabId, path_with_namespace: shortText }),
  builds: z
    .array(z.object({ id: gitlabId, stage: shortText, name: shortText, status: shortText }))
    .max(10_000)
    .optional(),
});

/** `X-Gitlab-Event: Job Hook` (object_kind "build", as GitLab still calls jobs there). */
export const jobHookSchema = z.object({
  object_kind: z.literal("build"),
  build_id: gitlabId,
  build_name: shortText,
  build_stage: shortText,
  build_status: shortText,
  pipeline_id: gitlabId,
  project_id: gitlabId,
  ref: shortText,
  sha: shortText,
});

/** `X-Gitlab-Event: Deployment Hook`; `deployment_id` came with GitLab 14.3, so older ones lack it. */
export const deploymentHookSchema = z.object({
  object_kind: z.literal("deployment"),
  status: shortText,
  deployment_id: gitlabId.optional(),
  deployable_id: gitlabId.nullish(),
  environment: shortText,
  project: z.object({ id: gitlabId, path_with_namespace: shortText }),
});

export type PipelineHook = z.infer<typeof pipelineHookSchema>;
export type JobHook = z.infer<typeof jobHookSchema>;
export type DeploymentHook = z.infer<typeof deploymentHookSchema>;

export const WEBHOOK_EVENTS = {
  "Pipeline Hook": pipelineHookSchema,
  "Job Hook": jobHookSchema,
  "Deployment Hook": deploymentHookSchema,
} as const;

export type WebhookEventName = keyof typeof WEBHOOK_EVENTS;

export function isWebhookEventName(name: string | null): name is WebhookEventName {
  return name !== null && Object.hasOwn(WEBHOOK_EVENTS, name);
}

/** What a delivery asks the sync to re-read: a pipeline, or a project's deployments. */
export type WebhookTarget = { kind: "pipeline"; projectId: number; objectId: number } | { kind: "deployment"; projectId: number; objectId: 0 };

/** The target of a delivery, validated; a list of problems when the body is not the event's shape. */
export function parseWebhook(event: WebhookEventName, body: unknown): { ok: true; target: WebhookTarget } | { ok: false; problem: string } {
  const describe = (error: z.ZodError) => {
    const issue = error.issues[0];
    return `${event} payload${issue?.path.length ? ` at ${issue.path.join(".")}` : ""}: ${issue?.message ?? "invalid"}`;
  };
  switch (event) {
    case "Pipeline Hook": {
      const parsed = pipelineHookSchema.safeParse(body);
      if (!parsed.success) return { ok: false, problem: describe(parsed.error) };
      return { ok: true, target: { kind: "pipeline", projectId: parsed.data.project.id, objectId: parsed.data.object_attributes.id } };
    }
    case "Job Hook": {
      const parsed = jobHookSchema.safeParse(body);
      if (!parsed.success) return { ok: false, problem: describe(parsed.error) };
      return { ok: true, target: { kind: "pipeline", projectId: parsed.data.project_id, objectId: parsed.data.pipeline_id } };
    }
    case "Deployment Hook": {
      const parsed = deploymentHookSchema.safeParse(body);
      if (!parsed.success) return { ok: false, problem: describe(parsed.error) };
      return { ok: true, target: { kind: "deployment", projectId: parsed.data.project.id, objectId: 0 } };
    }
  }
}
