"use client";

import type { FilterPatch } from "@/lib/pages/services/params";
import { PERIODS, PIPELINE_STATUSES, type Period, type PipelineStatusFilter, type RefKind, type ServicePageParams } from "@/lib/pages/services/types";
import { FilterSelect, type FilterOption } from "../filters/FilterSelect";

interface Props {
  params: ServicePageParams;
  /** Refs seen in the period, for the ref choice. */
  refs: string[];
  onChange(patch: FilterPatch): void;
}

const REF_KIND_CHOICES: FilterOption[] = [
  { value: "main", label: "Main" },
  { value: "branch", label: "Branches" },
  { value: "mr", label: "Merge requests" },
  { value: "tag", label: "Tags" },
];

/** Period, ref kind, ref and status; every change goes to the URL. */
export function Filters({ params, refs, onChange }: Props) {
  const refChoices = params.ref && !refs.includes(params.ref) ? [params.ref, ...refs] : refs;
  return (
    <form
      aria-label="Filters"
      className="flex flex-wrap items-end gap-4 rounded-lg border border-line bg-surface px-4 py-3"
      onSubmit={(e) => e.preventDefault()}
    >
      <FilterSelect
        label="Period"
        testId="filter-period"
        value={params.period}
        options={PERIODS.map((days) => ({ value: days, label: `Last ${days} days` }))}
        onChange={(v) => onChange({ period: Number(v) as Period })}
      />
      <FilterSelect
        label="Ref kind"
        testId="filter-ref-kind"
        value={params.refKind ?? ""}
        emptyLabel="All"
        options={REF_KIND_CHOICES}
        onChange={(v) => onChange({ refKind: (v || undefined) as RefKind | undefined, ref: undefined })}
      />
      <FilterSelect
        label="Ref"
        testId="filter-ref"
        className="max-w-64"
        value={params.ref ?? ""}
        emptyLabel="All refs"
        options={refChoices.map((ref) => ({ value: ref, label: ref }))}
        onChange={(v) => onChange({ ref: v || undefined })}
      />
      <FilterSelect
        label="Status"
        testId="filter-status"
        value={params.status ?? ""}
        emptyLabel="Any"
        options={PIPELINE_STATUSES.map((status) => ({ value: status, label: status === "success" ? "passed" : status.replaceAll("_", " ") }))}
        onChange={(v) => onChange({ status: (v || undefined) as PipelineStatusFilter | undefined })}
      />
      {(params.refKind || params.ref || params.status) && (
        <button
          type="button"
          className="rounded-md px-2 py-1.5 text-sm text-link hover:underline"
          onClick={() => onChange({ refKind: undefined, ref: undefined, status: undefined })}
        >
          Clear filters
        </button>
      )}
      <p className="basis-full text-xs text-muted">
        Status filters the pipeline list only; the period applies to charts and job tables.
      </p>
    </form>
  );
}
