import Link from "next/link";
import type { ReactNode } from "react";
import { formatDuration } from "@/lib/format";
import type { FailingJob, FlakyJob, SlowJob } from "@/lib/service-page/types";
import { RelativeTime } from "@/components/time/RelativeTime";

const pct = (rate: number) => `${(rate * 100).toFixed(rate > 0 && rate < 0.1 ? 1 : 0)}%`;

function JobTable({ title, testId, note, empty, head, children }: { title: string; testId: string; note: string; empty: boolean; head: ReactNode; children: ReactNode }) {
  return (
    <section data-testid={testId} className="rounded-lg border border-slate-200 bg-white">
      <h2 className="px-4 pt-3 text-base font-semibold text-slate-900">{title}</h2>
      <p className="px-4 text-xs text-slate-500">{note}</p>
      {empty ? (
        <p className="px-4 py-6 text-center text-sm text-slate-500">Nothing in this period.</p>
      ) : (
        <table className="mt-2 w-full text-sm">
          <thead className="border-b border-slate-200 text-left text-xs text-slate-500">{head}</thead>
          <tbody>{children}</tbody>
        </table>
      )}
    </section>
  );
}

const TH = "px-2 py-1.5 font-medium first:pl-4 last:pr-4";
const TD = "px-2 py-1.5 first:pl-4 last:pr-4";

export function FailingJobsTable({ jobs }: { jobs: FailingJob[] }) {
  return (
    <JobTable
      title="Failing jobs"
      testId="failing-jobs"
      note="Final attempts that failed, of those that finished."
      empty={jobs.length === 0}
      head={
        <tr>
          <th scope="col" className={TH}>Job</th>
          <th scope="col" className={`${TH} text-right`}>Failures</th>
          <th scope="col" className={`${TH} text-right`}>Rate</th>
          <th scope="col" className={TH}>Latest failure</th>
        </tr>
      }
    >
      {jobs.map((j) => (
        <tr key={j.name} data-testid={`failing-job-${j.name}`} className="border-b border-slate-100 last:border-0">
          <td className={`${TD} font-mono text-xs`}>{j.name}</td>
          <td className={`${TD} text-right tabular-nums`}>
            {j.failures}
            <span className="text-slate-400"> / {j.runs}</span>
          </td>
          <td className={`${TD} text-right tabular-nums`}>{pct(j.rate)}</td>
          <td className={`${TD} whitespace-nowrap`}>
            {j.latestFailedWebUrl && (
              <a href={j.latestFailedWebUrl} target="_blank" rel="noopener noreferrer" className="text-sky-700 hover:underline">
                job log<span aria-hidden> ↗</span>
              </a>
            )}
            {j.latestFailedPipelineId !== null && (
              <>
                {" · "}
                <Link href={`/pipelines/${j.latestFailedPipelineId}`} className="text-sky-700 hover:underline">
                  pipeline {j.latestFailedPipelineId}
                </Link>
              </>
            )}
            {j.latestFailedAt && (
              <span className="ml-1 text-xs text-slate-500">
                (<RelativeTime value={j.latestFailedAt} />)
              </span>
            )}
          </td>
        </tr>
      ))}
    </JobTable>
  );
}

export function SlowestJobsTable({ jobs }: { jobs: SlowJob[] }) {
  return (
    <JobTable
      title="Slowest jobs"
      testId="slowest-jobs"
      note="Duration of successful final attempts."
      empty={jobs.length === 0}
      head={
        <tr>
          <th scope="col" className={TH}>Job</th>
          <th scope="col" className={`${TH} text-right`}>p50</th>
          <th scope="col" className={`${TH} text-right`}>p95</th>
          <th scope="col" className={`${TH} text-right`}>Runs</th>
        </tr>
      }
    >
      {jobs.map((j) => (
        <tr key={j.name} data-testid={`slowest-job-${j.name}`} className="border-b border-slate-100 last:border-0">
          <td className={`${TD} font-mono text-xs`}>{j.name}</td>
          <td className={`${TD} text-right tabular-nums`}>{formatDuration(j.p50)}</td>
          <td className={`${TD} text-right tabular-nums`}>{formatDuration(j.p95)}</td>
          <td className={`${TD} text-right tabular-nums text-slate-500`}>{j.runs}</td>
        </tr>
      ))}
    </JobTable>
  );
}

export function FlakyJobsTable({ jobs }: { jobs: FlakyJob[] }) {
  return (
    <JobTable
      title="Flaky jobs"
      testId="flaky-jobs"
      note="Pipelines where the job failed, then passed on retry, of those where it ran."
      empty={jobs.length === 0}
      head={
        <tr>
          <th scope="col" className={TH}>Job</th>
          <th scope="col" className={`${TH} text-right`}>Flaky</th>
          <th scope="col" className={`${TH} text-right`}>Rate</th>
        </tr>
      }
    >
      {jobs.map((j) => (
        <tr key={j.name} data-testid={`flaky-job-${j.name}`} className="border-b border-slate-100 last:border-0">
          <td className={`${TD} font-mono text-xs`}>{j.name}</td>
          <td className={`${TD} text-right tabular-nums`}>
            {j.flakyPipelines}
            <span className="text-slate-400"> / {j.pipelines}</span>
          </td>
          <td className={`${TD} text-right tabular-nums`}>{pct(j.rate)}</td>
        </tr>
      ))}
    </JobTable>
  );
}
