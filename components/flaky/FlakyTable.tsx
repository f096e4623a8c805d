"use client";

import Link from "next/link";
import type { FlakyJob } from "@/lib/pages/flaky/types";
import { RelativeTime } from "@/components/time/RelativeTime";
import { SortableTable, type SortableColumn } from "../layout/SortableTable";

const COLUMNS: readonly SortableColumn<FlakyJob>[] = [
  {
    key: "service",
    label: "Service",
    sortValue: (j) => j.service,
    cell: (j) => (
      <Link href={`/services/${encodeURIComponent(j.service)}`} className="text-body hover:underline">
        {j.service}
      </Link>
    ),
  },
  {
    key: "jobName",
    label: "Job",
    sortValue: (j) => j.jobName,
    className: "whitespace-nowrap",
    cell: (j) => (
      <>
        <span className="font-medium text-ink">{j.jobName}</span>
        <span className="ml-2 text-xs text-muted">{j.stage}</span>
      </>
    ),
  },
  { key: "pipelines", label: "Pipelines run", numeric: true, sortValue: (j) => j.pipelines, cell: (j) => j.pipelines },
  { key: "flakyPipelines", label: "Flaky pipelines", numeric: true, sortValue: (j) => j.flakyPipelines, cell: (j) => j.flakyPipelines },
  {
    key: "flakeRate",
    label: "Flake rate",
    numeric: true,
    sortValue: (j) => j.flakeRate,
    className: "font-medium",
    cell: (j) => `${(j.flakeRate * 100).toFixed(1)}%`,
  },
  {
    key: "latestFlakyAt",
    label: "Latest flaky pipeline",
    // ISO times sort as text.
    sortValue: (j) => j.latestFlakyAt,
    className: "max-md:text-xs",
    cell: (j) => (
      <>
        <Link href={`/pipelines/${j.latestFlakyPipelineId}`} className="font-mono text-link hover:underline">
          #{j.latestFlakyPipelineId}
        </Link>{" "}
        <RelativeTime value={j.latestFlakyAt} className="text-xs text-muted" />
      </>
    ),
  },
];

/** Flaky jobs of every service, sortable by any column; each row links to its latest flaky pipeline. */
export function FlakyTable({ jobs, days }: { jobs: FlakyJob[]; days: number }) {
  if (jobs.length === 0) {
    return (
      <div data-testid="flaky-table-empty" className="rounded-md border border-dashed border-line-strong bg-surface p-10 text-center text-sm text-muted">
        No flaky jobs in the last {days} days.
      </div>
    );
  }
  return (
    <div className="rounded-lg border border-line bg-surface">
      <SortableTable
        caption={`Flaky jobs over the last ${days} days`}
        testId="flaky"
        columns={COLUMNS}
        rows={jobs}
        rowKey={(j) => `${j.service}/${j.jobName}`}
        rowTestId={(j) => `flaky-row-${j.service}-${j.jobName}`}
        initialSort={{ key: "flakeRate", desc: true }}
      />
    </div>
  );
}
