import Link from "next/link";
import type { ReactNode } from "react";
import { formatDuration } from "../format";
import type { FailingJob, FlakyJob, SlowJob } from "@/lib/pages/services/types";
import { RelativeTime } from "../time/RelativeTime";

const pct = (rate: number) => `${(rate * 100).toFixed(rate > 0 && rate < 0.1 ? 1 : 0)}%`;

/** "3 / 40": how many of how many, the whole dimmed. */
const outOf = (part: number, whole: number) => (
  <>
    {part}
    <span className="text-muted"> / {whole}</span>
  </>
);

/** A column after the job name: its header and how a job fills its cell. */
interface Column<J> {
  header: string;
  /** Figures: right-aligned, tabular digits. */
  numeric?: boolean;
  /** Extra classes of the column's cells. */
  className?: string;
  cell(job: J): ReactNode;
}

const TH = "px-2 py-1.5 font-medium first:pl-4 last:pr-4";
const TD = "px-2 py-1.5 first:pl-4 last:pr-4";

interface TableProps<J> {
  title: string;
  testId: string;
  /** Each row's test id is this, a dash and the job name. */
  rowTestId: string;
  note: string;
  columns: readonly Column<J>[];
  jobs: readonly J[];
}

/** A table of jobs by name: the name column, then the given columns. */
function JobTable<J extends { name: string }>({ title, testId, rowTestId, note, columns, jobs }: TableProps<J>) {
  return (
    <section data-testid={testId} className="min-w-0 rounded-lg border border-line bg-surface">
      <h2 className="px-4 pt-3 text-base font-semibold text-ink">{title}</h2>
      <p className="px-4 text-xs text-muted">{note}</p>
      {jobs.length === 0 ? (
        <p className="px-4 py-6 text-center text-sm text-muted">Nothing in this period.</p>
      ) : (
        // Scrolls inside the panel when the columns do not fit (a phone).
        <div className="relative mt-2 overflow-x-auto" role="region" aria-label={title} tabIndex={0}>
          <table className="w-full text-sm">
            <thead className="border-b border-line text-left text-xs text-muted">
              <tr>
                <th scope="col" className={TH}>Job</th>
                {columns.map((c) => (
                  <th key={c.header} scope="col" className={c.numeric ? `${TH} text-right` : TH}>
                    {c.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {jobs.map((j) => (
                <tr key={j.name} data-testid={`${rowTestId}-${j.name}`} className="border-b border-line last:border-0">
                  <td className={`${TD} font-mono text-xs`}>{j.name}</td>
                  {columns.map((c) => (
                    <td key={c.header} className={[TD, c.numeric && "text-right tabular-nums", c.className].filter(Boolean).join(" ")}>
                      {c.cell(j)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const FAILING_COLUMNS: Column<FailingJob>[] = [
  { header: "Failures", numeric: true, cell: (j) => outOf(j.failures, j.runs) },
  { header: "Rate", numeric: true, cell: (j) => pct(j.rate) },
  {
    header: "Latest failure",
    className: "whitespace-nowrap",
    cell: (j) => (
      <>
        {j.latestFailedWebUrl && (
          <a href={j.latestFailedWebUrl} target="_blank" rel="noopener noreferrer" className="text-link hover:underline">
            job log<span aria-hidden> ↗</span>
          </a>
        )}
        {j.latestFailedPipelineId !== null && (
          <>
            {" · "}
            <Link href={`/pipelines/${j.latestFailedPipelineId}`} className="text-link hover:underline">
              pipeline {j.latestFailedPipelineId}
            </Link>
          </>
        )}
        {j.latestFailedAt && (
          <span className="ml-1 text-xs text-muted">
            (<RelativeTime value={j.latestFailedAt} />)
          </span>
        )}
      </>
    ),
  },
];

const SLOWEST_COLUMNS: Column<SlowJob>[] = [
  { header: "p50", numeric: true, cell: (j) => formatDuration(j.p50) },
  { header: "p95", numeric: true, cell: (j) => formatDuration(j.p95) },
  { header: "Runs", numeric: true, className: "text-muted", cell: (j) => j.runs },
];

const FLAKY_COLUMNS: Column<FlakyJob>[] = [
  { header: "Flaky", numeric: true, cell: (j) => outOf(j.flakyPipelines, j.pipelines) },
  { header: "Rate", numeric: true, cell: (j) => pct(j.rate) },
];

export function FailingJobsTable({ jobs }: { jobs: FailingJob[] }) {
  return (
    <JobTable
      title="Failing jobs"
      testId="failing-jobs"
      rowTestId="failing-job"
      note="Final attempts that failed, of those that finished."
      columns={FAILING_COLUMNS}
      jobs={jobs}
    />
  );
}

export function SlowestJobsTable({ jobs }: { jobs: SlowJob[] }) {
  return (
    <JobTable title="Slowest jobs" testId="slowest-jobs" rowTestId="slowest-job" note="Duration of successful final attempts." columns={SLOWEST_COLUMNS} jobs={jobs} />
  );
}

export function FlakyJobsTable({ jobs }: { jobs: FlakyJob[] }) {
  return (
    <JobTable
      title="Flaky jobs"
      testId="flaky-jobs"
      rowTestId="flaky-job"
      note="Pipelines where the job failed, then passed on retry, of those where it ran."
      columns={FLAKY_COLUMNS}
      jobs={jobs}
    />
  );
}
