import { SYNC_ERROR_LABELS } from "@/lib/pages/overview/labels";
import type { ServiceSyncError } from "@/lib/pages/overview/types";
import { RelativeTime } from "@/components/time/RelativeTime";

/** The sync's own message, when it says more than the label does. */
function detail(error: ServiceSyncError, label: string): string | null {
  const message = error.message?.trim();
  if (!message) return null;
  const rest = message.toLowerCase().startsWith(label.toLowerCase()) ? message.slice(label.length).replace(/^[.:\s]+/, "") : message;
  return rest || null;
}

/** One red banner per service whose sync is failing, saying how old its data on screen is. */
export function SyncErrors({ errors }: { errors: ServiceSyncError[] }) {
  if (errors.length === 0) return null;
  return (
    <ul className="space-y-2" aria-label="Sync problems">
      {errors.map((error) => {
        const label = SYNC_ERROR_LABELS[error.kind];
        const more = detail(error, label);
        return (
          <li
            key={error.service}
            role="alert"
            data-testid={`sync-error-${error.service}`}
            data-kind={error.kind}
            className="rounded-md border border-bad-line bg-bad-soft px-3 py-2 text-sm text-bad"
          >
            <p>
              <strong className="font-semibold">{error.service}</strong>: {label} —{" "}
              {error.lastSuccessAt ? (
                <>
                  showing data from <RelativeTime value={error.lastSuccessAt} />
                </>
              ) : (
                "no data synced yet"
              )}
              {error.consecutiveErrors > 1 && <span className="text-bad"> ({error.consecutiveErrors} failed attempts in a row)</span>}
            </p>
            {more && <p className="mt-0.5 break-words font-mono text-xs text-bad">{more}</p>}
          </li>
        );
      })}
    </ul>
  );
}
