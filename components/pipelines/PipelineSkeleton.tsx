import { STAGES } from "@/lib/domain/cwiq";

/** Placeholder with the page's shape while the pipeline loads. */
export function PipelineSkeleton() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading the pipeline" className="space-y-4">
      <div className="space-y-2 rounded-lg border border-line bg-surface p-4">
        <div className="h-6 w-96 animate-pulse rounded bg-line" />
        <div className="h-4 w-72 animate-pulse rounded bg-line" />
      </div>
      <div className="flex gap-4 overflow-hidden rounded-lg border border-line bg-subtle p-4">
        {STAGES.slice(0, 6).map((stage) => (
          <div key={stage} className="w-52 shrink-0 space-y-2">
            <div className="h-4 w-20 animate-pulse rounded bg-line" />
            <div className="h-20 animate-pulse rounded-md bg-line" />
            <div className="h-20 animate-pulse rounded-md bg-line" />
          </div>
        ))}
      </div>
    </div>
  );
}
