import { STAGES } from "@/lib/domain/cwiq";

/** Placeholder with the table's shape while the first data loads. */
export function OverviewSkeleton() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading the overview" className="space-y-4">
      <div className="h-9 w-72 animate-pulse rounded-md bg-line" />
      <div className="overflow-hidden rounded-lg border border-line bg-surface">
        {[0, 1, 2, 3].map((row) => (
          <div key={row} className="flex items-center gap-3 border-b border-line px-4 py-4 last:border-0">
            <div className="h-4 w-24 animate-pulse rounded bg-line" />
            <div className="flex gap-1.5">
              {STAGES.map((stage) => (
                <div key={stage} className="h-7 w-7 animate-pulse rounded-md bg-line" />
              ))}
            </div>
            <div className="h-4 w-64 animate-pulse rounded bg-line" />
          </div>
        ))}
      </div>
    </div>
  );
}
