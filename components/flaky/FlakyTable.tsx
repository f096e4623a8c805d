"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import type { FlakyJob } from "@/lib/pages/flaky/types";
import { RelativeTime } from "@/components/time/RelativeTime";

type SortKey = "service" | "jobName" | "pipelines" | "flakyPipelines" | "flakeRate" | "latestFlakyAt";

const COLUMNS: { key: SortKey; label: string; numeric: boolean }[] = [
  { key: "service", label: "Service", numeric: false },
  { key: "jobName", label: "Job", numeric: false },
  { key: "pipelines", label: "Pipelines run", numeric: true },
  { key: "flakyPipelines", label: "Flaky pipelines", numeric: true },
  { key: "flakeRate", label: "Flake rate", numeric: true },
  { key: "latestFlakyAt", label: "Latest flaky pipeline", numeric: false },
];

function compare(a: FlakyJob, b: FlakyJob, key: SortKey): number {
  const x = a[key];
  const y = b[key];
  return typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
}

/** Flaky jobs of every service, sortable by any column; each row links to its latest flaky pipeline. */
export function FlakyTable({ jobs, days }: { jobs: FlakyJob[]; days: number }) {
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: "flakeRate", desc: true });
  const rows = useMemo(() => {
    const dir = sort.desc ? -1 : 1;
    return [...jobs].sort((a, b) => dir * compare(a, b, sort.key) || compare(a, b, "service") || compare(a, b, "jobName"));
  }, [jobs, sort]);

  if (jobs.length === 0) {
    return (
      <div data-testid="flaky-table-empty" className="rounded-md border border-dashed border-line-strong bg-surface p-10 text-center text-sm text-muted">
        No flaky jobs in the last {days} days.
      </div>
    );
  }

  return (
    // Below md each job is a card (the rows stack) and the headers a row of sort buttons.
    <div className="relative overflow-x-auto rounded-lg border border-line bg-surface">
      <table data-testid="flaky-table" className="w-full text-sm max-md:block">
        <caption className="sr-only">Flaky jobs over the last {days} days</caption>
        <thead className="bg-subtle text-left text-xs uppercase tracking-wide text-muted max-md:block">
          <tr className="max-md:flex max-md:flex-wrap max-md:px-1">
            {COLUMNS.map((col) => {
              const active = sort.key === col.key;
              return (
                <th
                  key={col.key}
                  scope="col"
                  aria-sort={active ? (sort.desc ? "descending" : "ascending") : "none"}
                  className={`px-3 py-2 font-medium max-md:px-2 ${col.numeric ? "text-right" : ""}`}
                >
                  <button
                    type="button"
                    data-testid={`sort-${col.key}`}
                    onClick={() => setSort((s) => ({ key: col.key, desc: s.key === col.key ? !s.desc : col.numeric }))}
                    className="inline-flex items-center gap-1 uppercase hover:text-ink"
                  >
                    {col.label}
                    <span aria-hidden className={active ? "text-ink" : "text-muted"}>
                      {active && !sort.desc ? "▲" : "▼"}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="max-md:block">
          {rows.map((job) => (
            <tr
              key={`${job.service}/${job.jobName}`}
              data-testid={`flaky-row-${job.service}-${job.jobName}`}
              className="border-t border-line max-md:flex max-md:flex-wrap max-md:items-baseline max-md:gap-x-3 max-md:gap-y-1 max-md:px-3 max-md:py-2.5"
            >
              <td className="px-3 py-2 max-md:p-0">
                <Link href={`/services/${encodeURIComponent(job.service)}`} className="text-body hover:underline">
                  {job.service}
                </Link>
              </td>
              <td className="px-3 py-2 whitespace-nowrap max-md:p-0">
                <span className="font-medium text-ink">{job.jobName}</span>
                <span className="ml-2 text-xs text-muted">{job.stage}</span>
              </td>
              <td className="px-3 py-2 text-right tabular-nums max-md:order-1 max-md:p-0 max-md:text-xs max-md:before:content-['pipelines_']">{job.pipelines}</td>
              <td className="px-3 py-2 text-right tabular-nums max-md:order-1 max-md:p-0 max-md:text-xs max-md:before:content-['flaky_']">
                {job.flakyPipelines}
              </td>
              <td className="px-3 py-2 text-right font-medium tabular-nums max-md:order-1 max-md:p-0 max-md:text-xs max-md:before:content-['rate_']">
                {(job.flakeRate * 100).toFixed(1)}%
              </td>
              <td className="px-3 py-2 max-md:order-1 max-md:p-0 max-md:text-xs">
                <Link href={`/pipelines/${job.latestFlakyPipelineId}`} className="font-mono text-link hover:underline">
                  #{job.latestFlakyPipelineId}
                </Link>{" "}
                <RelativeTime value={job.latestFlakyAt} className="text-xs text-muted" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
