import { ChartsSkeleton } from "./ChartsSkeleton";

/** Placeholder with the page's shape while the first data loads. */
export function ServiceSkeleton() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading the service" className="space-y-6">
      <div className="h-10 animate-pulse rounded-md bg-line" />
      <ChartsSkeleton />
      <div className="h-64 animate-pulse rounded-lg bg-line" />
    </div>
  );
}
