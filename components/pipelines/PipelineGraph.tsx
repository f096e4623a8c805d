import { stageStatusLabel } from "@/lib/pages/overview/labels";
import type { PipelineStageColumn } from "@/lib/pages/pipelines/types";
import { StageCell } from "../pipeline-parts/StageCell";
import { JobCard } from "./JobCard";
import { TriggerCard } from "./TriggerCard";

/** The stages as columns of job cards, left to right in pipeline order, scrolling sideways inside the box. */
export function PipelineGraph({ stages }: { stages: PipelineStageColumn[] }) {
  if (stages.length === 0) {
    return (
      <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-600">
        No stages or jobs stored for this pipeline yet.
      </div>
    );
  }
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-slate-50" role="region" aria-label="Pipeline stages" tabIndex={0}>
      <ol className="flex min-w-max gap-4 p-4">
        {stages.map((column) => (
          <li key={column.stage} data-testid={`stage-column-${column.stage}`} data-status={column.status ?? "none"} className="w-56 shrink-0">
            <h2 className="mb-2 flex items-center gap-2 text-sm font-semibold text-slate-800">
              <StageCell stage={column.stage} status={column.status} size="mini" />
              <span className="truncate">{column.stage}</span>
              <span className="sr-only">: {stageStatusLabel(column.status)}</span>
              {!column.standard && (
                <span className="rounded bg-slate-200 px-1 text-[10px] font-normal uppercase text-slate-600" title="Not one of the nine standard stages">
                  extra
                </span>
              )}
            </h2>
            {column.jobs.length === 0 ? (
              <p className="text-xs text-slate-500">No jobs stored.</p>
            ) : (
              <ul className="space-y-2">
                {column.jobs.map((job) => (job.trigger ? <TriggerCard key={job.name} job={job} /> : <JobCard key={job.name} job={job} />))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
