import Link from "next/link";

/** Shown for an id Stageboard has no test for. */
export function TestNotFound() {
  return (
    <div data-testid="test-not-found" className="rounded-md border border-dashed border-line-strong bg-surface p-10 text-center text-muted">
      <h1 className="text-base font-medium text-ink">Test not found</h1>
      <p className="mt-1 text-sm">Stageboard has no test with this id: its results may have passed TEST_RESULTS_DAYS.</p>
      <p className="mt-3 text-sm">
        <Link href="/tests" className="text-link hover:underline">
          All tests
        </Link>
      </p>
    </div>
  );
}

/** Placeholder with the page's shape while the test loads. */
export function TestSkeleton() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading the test" className="space-y-4">
      <div className="h-20 animate-pulse rounded-lg bg-line" />
      <div className="h-16 animate-pulse rounded-lg bg-line" />
      <div className="h-40 animate-pulse rounded-lg bg-line" />
    </div>
  );
}
