import { STAGES } from "@/lib/domain/cwiq";

/** Placeholder with the table's shape while the first data loads. */
export function OverviewSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading the overview" className="space-y-4">
      <div className="h-9 w-72 animate-pulse rounded-md bg-slate-200" />
      <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
        {[0, 1, 2, 3].map((row) => (
          <div key={row} className="flex items-center gap-3 border-b border-slate-100 px-4 py-4 last:border-0">
            <div className="h-4 w-24 animate-pulse rounded bg-slate-200" />
            <div className="flex gap-1.5">
              {STAGES.map((stage) => (
                <div key={stage} className="h-7 w-7 animate-pulse rounded-md bg-slate-200" />
              ))}
            </div>
            <div className="h-4 w-64 animate-pulse rounded bg-slate-200" />
          </div>
        ))}
      </div>
    </div>
  );
}
