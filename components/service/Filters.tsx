"use client";

import { PERIODS, PIPELINE_STATUSES, type Period, type PipelineStatusFilter, type RefKind, type ServicePageParams } from "@/lib/service-page/types";
import type { FilterPatch } from "./ServiceBoard";

interface Props {
  params: ServicePageParams;
  /** Refs seen in the period, for the ref choice. */
  refs: string[];
  onChange(patch: FilterPatch): void;
}

const SELECT = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900 shadow-sm focus:border-sky-500 focus:outline-none";
const LABEL = "flex flex-col gap-1 text-xs font-medium text-slate-600";

/** Period, ref kind, ref and status; every change goes to the URL. */
export function Filters({ params, refs, onChange }: Props) {
  const refChoices = params.ref && !refs.includes(params.ref) ? [params.ref, ...refs] : refs;
  return (
    <form
      aria-label="Filters"
      className="flex flex-wrap items-end gap-4 rounded-lg border border-slate-200 bg-white px-4 py-3"
      onSubmit={(e) => e.preventDefault()}
    >
      <label className={LABEL}>
        Period
        <select
          data-testid="filter-period"
          className={SELECT}
          value={params.period}
          onChange={(e) => onChange({ period: Number(e.target.value) as Period })}
        >
          {PERIODS.map((days) => (
            <option key={days} value={days}>
              Last {days} days
            </option>
          ))}
        </select>
      </label>
      <label className={LABEL}>
        Ref kind
        <select
          data-testid="filter-ref-kind"
          className={SELECT}
          value={params.refKind ?? ""}
          onChange={(e) => onChange({ refKind: (e.target.value || undefined) as RefKind | undefined, ref: undefined })}
        >
          <option value="">All</option>
          <option value="main">Main</option>
          <option value="branch">Branches</option>
          <option value="tag">Tags</option>
        </select>
      </label>
      <label className={LABEL}>
        Ref
        <select
          data-testid="filter-ref"
          className={`${SELECT} max-w-64`}
          value={params.ref ?? ""}
          onChange={(e) => onChange({ ref: e.target.value || undefined })}
        >
          <option value="">All refs</option>
          {refChoices.map((ref) => (
            <option key={ref} value={ref}>
              {ref}
            </option>
          ))}
        </select>
      </label>
      <label className={LABEL}>
        Status
        <select
          data-testid="filter-status"
          className={SELECT}
          value={params.status ?? ""}
          onChange={(e) => onChange({ status: (e.target.value || undefined) as PipelineStatusFilter | undefined })}
        >
          <option value="">Any</option>
          {PIPELINE_STATUSES.map((status) => (
            <option key={status} value={status}>
              {status === "success" ? "passed" : status.replaceAll("_", " ")}
            </option>
          ))}
        </select>
      </label>
      {(params.refKind || params.ref || params.status) && (
        <button
          type="button"
          className="rounded-md px-2 py-1.5 text-sm text-sky-700 hover:underline"
          onClick={() => onChange({ refKind: undefined, ref: undefined, status: undefined })}
        >
          Clear filters
        </button>
      )}
      <p className="basis-full text-xs text-slate-500">
        Status filters the pipeline list only; the period applies to charts and job tables.
      </p>
    </form>
  );
}
