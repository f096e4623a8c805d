/** Keeps the charts' space while Recharts loads. */
export function ChartsSkeleton() {
  return (
    <div aria-hidden className="space-y-4">
      <div className="h-72 animate-pulse rounded-lg border border-line bg-subtle" />
      <div className="grid gap-4 lg:grid-cols-2">
        <div className="h-48 animate-pulse rounded-lg border border-line bg-subtle" />
        <div className="h-48 animate-pulse rounded-lg border border-line bg-subtle" />
      </div>
    </div>
  );
}
