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
  iid: z.number().int(),
  project_id: z.number().int(),
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

/** `GET /projects/:id/pipelines/:pipeline_id/test_report_summary` (counts from the pipeline's JUnit reports). */
export const testReportSummarySchema = z.object({
  total: z.object({
    count: z.number().int(),
    success: z.number().int(),
    failed: z.number().int(),
    skipped: z.number().int(),
    error: z.number().int(),
  }),
});
export type GitlabTestReportSummary = z.infer<typeof testReportSummarySchema>;
