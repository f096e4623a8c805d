import { z } from "zod";

/*
 * DefectDojo API v2 answers, as far as Stageboard reads them (shapes from the samples in
 * test/fixtures/real/defectdojo-api). Unknown fields are ignored.
 */

/** DRF limit/offset pagination: `next` is an absolute URL or null. */
export function paginated<T extends z.ZodType>(item: T) {
  return z.object({
    count: z.number().int().nonnegative(),
    next: z.string().nullable(),
    previous: z.string().nullable(),
    results: z.array(item),
  });
}

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "must be a date");

export const dojoTestSchema = z.object({
  id: z.number().int(),
  title: z.string().nullable().optional(),
  test_type_name: z.string().optional(),
  engagement: z.number().int(),
  build_id: z.string().nullable().optional(),
  commit_hash: z.string().nullable().optional(),
  branch_tag: z.string().nullable().optional(),
  /** Null on tests made before DefectDojo recorded it. */
  created: isoDate.nullable(),
  updated: isoDate.nullable().optional(),
});

/** `GET /api/v2/products/`: the name identifies the product (unique in DefectDojo). */
export const dojoProductSchema = z.object({
  id: z.number().int(),
  name: z.string(),
});

/** `GET /api/v2/engagements/`: an engagement belongs to one product; its name is optional. */
export const dojoEngagementSchema = z.object({
  id: z.number().int(),
  name: z.string().nullable().optional(),
  product: z.number().int(),
});

export const dojoSeveritySchema = z.enum(["Critical", "High", "Medium", "Low", "Info"]);

export const dojoFindingSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  severity: dojoSeveritySchema,
  active: z.boolean(),
  verified: z.boolean(),
  false_p: z.boolean(),
  duplicate: z.boolean(),
  is_mitigated: z.boolean(),
  risk_accepted: z.boolean(),
  out_of_scope: z.boolean().optional(),
  /** Removed in DefectDojo 2.x in favour of `vulnerability_ids`; either may be present. */
  cve: z.string().nullable().optional(),
  vulnerability_ids: z.array(z.object({ vulnerability_id: z.string() })).optional(),
  vuln_id_from_tool: z.string().nullable().optional(),
  component_name: z.string().nullable().optional(),
  component_version: z.string().nullable().optional(),
  file_path: z.string().nullable().optional(),
  line: z.number().int().nullable().optional(),
  test: z.number().int(),
  mitigated: isoDate.nullable().optional(),
});

export const productsPageSchema = paginated(dojoProductSchema);
export const engagementsPageSchema = paginated(dojoEngagementSchema);
export const testsPageSchema = paginated(dojoTestSchema);
export const findingsPageSchema = paginated(dojoFindingSchema);

export type DojoTestWire = z.infer<typeof dojoTestSchema>;
export type DojoFindingWire = z.infer<typeof dojoFindingSchema>;
