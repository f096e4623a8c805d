/** Four chart-shaped placeholders while Recharts loads. */
export function ChartsSkeleton() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading the charts" className="grid gap-4 lg:grid-cols-2">
      {[0, 1, 2, 3].map((i) => (
        <div key={i} className="h-64 animate-pulse rounded-lg bg-line" />
      ))}
    </div>
  );
}
