import { formatCount } from "../format";
import type { SyncSummary } from "@/lib/pages/overview/types";
import { RelativeTime } from "@/components/time/RelativeTime";

interface Props {
  sync: SyncSummary;
  /** The browser's last refresh failed (the data shown is from the refresh before). */
  refreshError: string | null;
}

/** "Synced 20 s ago", backfill progress, and whether the page's own refresh is failing. */
export function SyncIndicator({ sync, refreshError }: Props) {
  const healthy = sync.errors.length === 0 && !refreshError;
  const { backfill } = sync;
  return (
    // Not a live region: the relative time changes every second and would be read out each time.
    <section
      data-testid="sync-indicator"
      aria-label="Sync status"
      className="flex flex-wrap items-center gap-x-4 gap-y-1 rounded-md border border-line bg-surface px-3 py-2 text-sm text-body"
    >
      <span className="inline-flex items-center gap-2">
        <span aria-hidden className={`h-2.5 w-2.5 rounded-full ${healthy ? "bg-emerald-500" : "bg-red-500"}`} />
        {sync.lastSuccessAt ? (
          <span>
            Synced <RelativeTime value={sync.lastSuccessAt} />
          </span>
        ) : (
          <span>Not synced yet</span>
        )}
        {sync.errors.length > 0 && (
          <span className="font-medium text-bad">
            · {sync.errors.length === 1 ? "1 service failing" : `${sync.errors.length} services failing`}
          </span>
        )}
      </span>
      {!backfill.done && (
        <span data-testid="backfill-progress" title={`Still backfilling: ${backfill.pending.join(", ")}`}>
          Backfilling:{" "}
          {backfill.total !== null
            ? `${formatCount(backfill.pipelines)} of ${formatCount(backfill.total)} pipelines`
            : `${formatCount(backfill.pipelines)} pipelines so far`}
        </span>
      )}
      {sync.testReportsWaiting > 0 && (
        <span data-testid="test-reports-waiting">Test reports catching up: {formatCount(sync.testReportsWaiting)} left</span>
      )}
      {refreshError && <span className="text-warn">Refresh failed ({refreshError}); showing the last data received.</span>}
    </section>
  );
}
