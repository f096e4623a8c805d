import { z } from "zod";

/*
 * SonarQube Web API answers, as far as Stageboard reads them (shapes from SonarQube's own
 * ws example responses in test/fixtures/real/sonarqube-api). Unknown fields are ignored.
 */

/** SonarQube writes `2016-12-12T17:12:45+0100`; the colon is added so every parser reads the offset. */
export const sonarDateSchema = z.string().transform((text, ctx) => {
  const date = new Date(text.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: "custom", message: `not a date: ${text}` });
    return z.NEVER;
  }
  return date;
});

export const pagingSchema = z.object({
  pageIndex: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int().nonnegative(),
});

/** `api/project_analyses/search` */
export const analysesSearchSchema = z.object({
  paging: pagingSchema,
  analyses: z.array(
    z.object({
      key: z.string(),
      date: sonarDateSchema,
      projectVersion: z.string().optional(),
      buildString: z.string().optional(),
      revision: z.string().optional(),
      events: z
        .array(z.object({ key: z.string(), category: z.string(), name: z.string().optional(), description: z.string().optional() }))
        .optional(),
    }),
  ),
});

export const gateStatusSchema = z.enum(["OK", "WARN", "ERROR", "NONE"]);

/** One condition of a quality gate status. */
export const gateConditionSchema = z.object({
  status: gateStatusSchema,
  metricKey: z.string(),
  comparator: z.string(),
  errorThreshold: z.string().optional(),
  /** Before SonarQube 7.6 a condition could warn instead (status WARN); its only threshold may be this one. */
  warningThreshold: z.string().optional(),
  actualValue: z.string().optional(),
});

/** `api/qualitygates/project_status` */
export const projectStatusSchema = z.object({
  projectStatus: z.object({
    status: gateStatusSchema,
    conditions: z.array(gateConditionSchema).default([]),
    ignoredConditions: z.boolean().optional(),
    caycStatus: z.string().optional(),
  }),
});

/** `api/measures/component`: values are strings; `new_*` metrics carry theirs in `period.value`. */
export const measuresComponentSchema = z.object({
  component: z.object({
    key: z.string(),
    name: z.string().optional(),
    qualifier: z.string().optional(),
    measures: z.array(
      z.object({
        metric: z.string(),
        value: z.string().optional(),
        period: z.object({ value: z.string().optional() }).optional(),
      }),
    ),
  }),
});

export const legacySeveritySchema = z.enum(["BLOCKER", "CRITICAL", "MAJOR", "MINOR", "INFO"]);
/** SonarQube 10.2+ impacts; BLOCKER and INFO were added in 10.8. */
export const impactSeveritySchema = z.enum(["BLOCKER", "HIGH", "MEDIUM", "LOW", "INFO"]);

export const sonarIssueSchema = z.object({
  key: z.string(),
  rule: z.string(),
  severity: legacySeveritySchema.optional(),
  component: z.string(),
  project: z.string().optional(),
  line: z.number().int().optional(),
  message: z.string().optional(),
  type: z.string().optional(),
  status: z.string(),
  resolution: z.string().optional(),
  impacts: z.array(z.object({ softwareQuality: z.string(), severity: impactSeveritySchema })).optional(),
});

/** `api/issues/search` */
export const issuesSearchSchema = z.object({
  paging: pagingSchema,
  issues: z.array(sonarIssueSchema),
  components: z
    .array(z.object({ key: z.string(), qualifier: z.string().optional(), path: z.string().optional(), longName: z.string().optional() }))
    .default([]),
});

export type SonarIssueWire = z.infer<typeof sonarIssueSchema>;
export type GateConditionWire = z.infer<typeof gateConditionSchema>;
