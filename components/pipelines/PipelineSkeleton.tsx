import { STAGES } from "@/lib/domain/cwiq";

/** Placeholder with the page's shape while the pipeline loads. */
export function PipelineSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading the pipeline" className="space-y-4">
      <div className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
        <div className="h-6 w-96 animate-pulse rounded bg-slate-200" />
        <div className="h-4 w-72 animate-pulse rounded bg-slate-200" />
      </div>
      <div className="flex gap-4 overflow-hidden rounded-lg border border-slate-200 bg-slate-50 p-4">
        {STAGES.slice(0, 6).map((stage) => (
          <div key={stage} className="w-52 shrink-0 space-y-2">
            <div className="h-4 w-20 animate-pulse rounded bg-slate-200" />
            <div className="h-20 animate-pulse rounded-md bg-slate-200" />
            <div className="h-20 animate-pulse rounded-md bg-slate-200" />
          </div>
        ))}
      </div>
    </div>
  );
}
