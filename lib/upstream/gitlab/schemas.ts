import { z } from "zod";

/*
 * The parts of GitLab's REST v4 answers that Stageboard reads. Validated at the boundary:
 * an answer that does not fit is an `invalid_response`, never a crash further in.
 * Unknown statuses, stages and extra fields are accepted (statuses are plain strings).
 */

const timestamp = z.string().datetime({ offset: true });
const optionalTimestamp = timestamp.nullish().transform((v) => v ?? null);
const optionalNumber = z.number().nullish().transform((v) => v ?? null);
// GitLab reports coverage as a number, or as a string in older versions.
const coverage = z
  .union([z.number(), z.string().regex(/^\d+(\.\d+)?$/).transform(Number)])
  .nullish()
  .transform((v) => v ?? null);

export const projectSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  path_with_namespace: z.string(),
  web_url: z.string(),
  default_branch: z.string().nullish(),
});
export type GitlabProject = z.infer<typeof projectSchema>;

export const pipelineListItemSchema = z.object({
  id: z.number().int(),
  // Both came to the API later: GitLab 12's answers have neither (recorded in test/fixtures/real).
  iid: z.number().int().nullish().transform((v) => v ?? null),
  project_id: z.number().int().nullish().transform((v) => v ?? null),
  sha: z.string(),
  ref: z.string(),
  status: z.string(),
  source: z.string().nullish().transform((v) => v ?? "unknown"),
  name: z.string().nullish().transform((v) => v ?? null),
  created_at: timestamp,
  updated_at: timestamp,
  web_url: z.string(),
});
export type GitlabPipelineListItem = z.infer<typeof pipelineListItemSchema>;
export const pipelineListSchema = z.array(pipelineListItemSchema);

/** `GET /projects/:id/pipelines/:pipeline_id`: the list entry plus GitLab's own timings, which the list lacks. */
export const pipelineDetailSchema = pipelineListItemSchema.extend({
  started_at: optionalTimestamp,
  finished_at: optionalTimestamp,
  duration: optionalNumber,
  queued_duration: optionalNumber,
  tag: z.boolean().nullish(),
});
export type GitlabPipelineDetail = z.infer<typeof pipelineDetailSchema>;

/** A pipeline as the sync takes it in: a list entry, or the single-pipeline answer with timings. */
export type GitlabPipeline = GitlabPipelineListItem | GitlabPipelineDetail;

/** `GET /projects/:id/merge_requests/:merge_request_iid`: what a merge-request pipeline is shown with. */
export const mergeRequestSchema = z.object({
  iid: z.number().int(),
  title: z.string(),
  state: z.string(),
  source_branch: z.string(),
  target_branch: z.string(),
  web_url: z.string(),
});
export type GitlabMergeRequest = z.infer<typeof mergeRequestSchema>;

export const jobSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  stage: z.string(),
  status: z.string(),
  allow_failure: z.boolean().nullish().transform((v) => v ?? false),
  tag: z.boolean().nullish(),
  ref: z.string().nullish(),
  created_at: timestamp,
  started_at: optionalTimestamp,
  finished_at: optionalTimestamp,
  duration: optionalNumber,
  queued_duration: optionalNumber,
  coverage,
  failure_reason: z.string().nullish().transform((v) => v ?? null),
  web_url: z.string(),
  commit: z
    .object({ id: z.string().optional(), title: z.string().nullish(), author_name: z.string().nullish() })
    .nullish(),
  pipeline: z.object({ id: z.number().int(), status: z.string().optional() }).nullish(),
  /** Set by GitLab 16.5+ when listing a manual job's definition. */
  when: z.string().nullish(),
});
export type GitlabJob = z.infer<typeof jobSchema>;
export const jobListSchema = z.array(jobSchema);

/** A trigger job's `downstream_pipeline`: the pipeline it started (GitLab's PipelineBasic; older answers lack project_id). */
export const downstreamPipelineSchema = z.object({
  id: z.number().int(),
  project_id: z.number().int().nullish().transform((v) => v ?? null),
  status: z.string(),
  updated_at: optionalTimestamp,
  web_url: z.string().nullish().transform((v) => v ?? null),
});
export type GitlabDownstreamPipeline = z.infer<typeof downstreamPipelineSchema>;

/**
 * `GET /projects/:id/pipelines/:pipeline_id/bridges` items: trigger jobs, which the jobs list leaves
 * out. `downstream_pipeline` is null until the pipeline it starts exists.
 */
export const bridgeSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  stage: z.string(),
  status: z.string(),
  allow_failure: z.boolean().nullish().transform((v) => v ?? false),
  created_at: timestamp,
  started_at: optionalTimestamp,
  finished_at: optionalTimestamp,
  duration: optionalNumber,
  queued_duration: optionalNumber,
  web_url: z.string(),
  downstream_pipeline: downstreamPipelineSchema.nullish().transform((v) => v ?? null),
});
export type GitlabBridge = z.infer<typeof bridgeSchema>;
export const bridgeListSchema = z.array(bridgeSchema);

/** A deployment's deployable: the deploy job, with its pipeline and commit (GitLab's Deployment entity). */
const deployableSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  stage: z.string().nullish(),
  status: z.string(),
  allow_failure: z.boolean().nullish().transform((v) => v ?? false),
  created_at: timestamp,
  started_at: optionalTimestamp,
  finished_at: optionalTimestamp,
  web_url: z.string().nullish(),
  commit: z
    .object({ id: z.string(), title: z.string().nullish(), created_at: optionalTimestamp })
    .nullish(),
  pipeline: z.object({ id: z.number().int(), sha: z.string().nullish(), ref: z.string().nullish(), created_at: optionalTimestamp }).nullish(),
});

/** `GET /projects/:id/deployments` items. */
export const deploymentSchema = z.object({
  id: z.number().int(),
  iid: z.number().int(),
  ref: z.string(),
  sha: z.string(),
  status: z.string(),
  created_at: timestamp,
  updated_at: timestamp,
  finished_at: optionalTimestamp,
  environment: z.object({ id: z.number().int(), name: z.string() }),
  deployable: deployableSchema.nullish().transform((v) => v ?? null),
});
export type GitlabDeployment = z.infer<typeof deploymentSchema>;
export const deploymentListSchema = z.array(deploymentSchema);

/** `GET /projects/:id/environments` items. */
export const environmentSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  slug: z.string().nullish(),
  external_url: z.string().nullish().transform((v) => v ?? null),
  state: z.string(),
  tier: z.string().nullish().transform((v) => v ?? null),
});
export type GitlabEnvironment = z.infer<typeof environmentSchema>;
export const environmentListSchema = z.array(environmentSchema);

/** `GET /projects/:id/repository/files/:file_path?ref=` (content base64-encoded). */
export const repositoryFileSchema = z.object({
  file_path: z.string(),
  encoding: z.string(),
  content: z.string(),
  blob_id: z.string(),
  last_commit_id: z.string().nullish().transform((v) => v ?? null),
});
export type GitlabRepositoryFile = z.infer<typeof repositoryFileSchema>;
