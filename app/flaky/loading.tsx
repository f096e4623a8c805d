export default function Loading() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading the flaky jobs" className="space-y-3">
      <div className="h-7 w-48 animate-pulse rounded bg-line" />
      <div className="h-64 animate-pulse rounded-lg bg-line" />
    </div>
  );
}
