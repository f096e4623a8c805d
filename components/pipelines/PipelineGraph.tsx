import { stageStatusLabel } from "@/lib/pages/overview/labels";
import type { PipelineStageColumn } from "@/lib/pages/pipelines/types";
import { StageCell } from "../pipeline-parts/StageCell";
import { JobCard } from "./JobCard";
import { TriggerCard } from "./TriggerCard";

const columnId = (stage: string) => `stage-${stage.replace(/[^a-z0-9_-]/gi, "-")}`;

/**
 * The stages as columns of job cards, left to right in pipeline order. From md up the columns
 * scroll sideways inside their own panel (never the page); a strip of every stage above it keeps
 * all the names and outcomes in view and jumps to a column. On a phone the stages stack.
 */
export function PipelineGraph({ stages }: { stages: PipelineStageColumn[] }) {
  if (stages.length === 0) {
    return (
      <div className="rounded-lg border border-dashed border-line-strong bg-surface p-8 text-center text-sm text-muted">
        No stages or jobs stored for this pipeline yet.
      </div>
    );
  }
  return (
    <div className="space-y-2">
      <nav aria-label="Stages" className="hidden md:block">
        <ol className="flex flex-wrap gap-1.5 text-xs">
          {stages.map((column) => (
            <li key={column.stage}>
              <a
                href={`#${columnId(column.stage)}`}
                className="inline-flex items-center gap-1.5 rounded-md border border-line bg-surface px-1.5 py-1 text-body hover:bg-subtle"
              >
                <StageCell stage={column.stage} status={column.status} size="mini" />
                {column.stage}
              </a>
            </li>
          ))}
        </ol>
      </nav>
      <div className="relative overflow-x-auto rounded-lg border border-line bg-subtle" role="region" aria-label="Pipeline stages" tabIndex={0}>
        <ol className="flex flex-col gap-5 p-3 md:min-w-max md:flex-row md:gap-4 md:p-4">
          {stages.map((column) => (
            <li
              key={column.stage}
              id={columnId(column.stage)}
              data-testid={`stage-column-${column.stage}`}
              data-status={column.status ?? "none"}
              className="scroll-mt-4 md:w-56 md:shrink-0"
            >
              <h2 className="mb-2 flex items-center gap-2 text-sm font-semibold text-body">
                <StageCell stage={column.stage} status={column.status} size="mini" />
                <span className="truncate" title={column.stage}>
                  {column.stage}
                </span>
                <span className="sr-only">: {stageStatusLabel(column.status)}</span>
                {!column.standard && (
                  <span className="rounded bg-surface px-1 text-[10px] font-normal uppercase text-muted ring-1 ring-line" title="Not one of the nine standard stages">
                    extra
                  </span>
                )}
              </h2>
              {column.jobs.length === 0 ? (
                <p className="text-xs text-muted">No jobs stored.</p>
              ) : (
                <ul className="grid gap-2 sm:grid-cols-2 md:grid-cols-1">
                  {column.jobs.map((job) => (job.trigger ? <TriggerCard key={job.name} job={job} /> : <JobCard key={job.name} job={job} />))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      </div>
    </div>
  );
}
