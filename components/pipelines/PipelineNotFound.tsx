import Link from "next/link";

/** Shown for an id Stageboard has no pipeline for (or that is not a pipeline id at all). */
export function PipelineNotFound() {
  return (
    <div data-testid="pipeline-not-found" className="rounded-md border border-dashed border-line-strong bg-surface p-10 text-center text-muted">
      <h1 className="text-base font-medium text-ink">Pipeline not found</h1>
      <p className="mt-1 text-sm">
        Stageboard has no pipeline with this id. It may not be synced yet, or belong to a project Stageboard does not watch.
      </p>
      <p className="mt-3 text-sm">
        <Link href="/" className="text-link hover:underline">
          Back to the overview
        </Link>
      </p>
    </div>
  );
}
