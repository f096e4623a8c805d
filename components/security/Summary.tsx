import type { SecurityPageData } from "@/lib/pages/security/types";
import { formatHours, SEVERITY_LABELS } from "./severity";
import { SeverityBadge } from "./SeverityBadge";

const CARD = "min-w-0 rounded-lg border border-line bg-surface px-4 py-3";
const TH = "py-1 pr-3 text-left text-xs font-medium text-muted";

/** Open criticals and highs per service, time to remediate per severity, and findings past their age. */
export function Summary({ data }: { data: SecurityPageData }) {
  return (
    <div className="grid gap-4 lg:grid-cols-3">
      <section aria-labelledby="open-now-heading" className={CARD} data-testid="open-now">
        <h2 id="open-now-heading" className="text-sm font-semibold text-ink">
          Open now
        </h2>
        <p className="text-xs text-muted">in the latest main report, not triaged away</p>
        <table className="mt-2 w-full text-sm">
          <thead>
            <tr>
              <th scope="col" className={TH}>Service</th>
              <th scope="col" className={`${TH} text-right`}>Critical</th>
              <th scope="col" className={`${TH} text-right`}>High</th>
            </tr>
          </thead>
          <tbody>
            {data.openNow.map((r) => (
              <tr key={r.service} data-testid={`open-now-${r.service}`}>
                <td className="py-1 pr-3">{r.service}</td>
                <td className={`py-1 pr-3 text-right tabular-nums ${r.critical > 0 ? "font-semibold text-bad" : "text-muted"}`}>{r.critical}</td>
                <td className={`py-1 text-right tabular-nums ${r.high > 0 ? "font-semibold text-flaky" : "text-muted"}`}>{r.high}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="mttr-heading" className={CARD} data-testid="mttr">
        <h2 id="mttr-heading" className="text-sm font-semibold text-ink">
          Mean time to remediate
        </h2>
        <p className="text-xs text-muted">first seen → fixed on main, findings fixed in the last {data.period.days} days</p>
        <table className="mt-2 w-full text-sm">
          <thead>
            <tr>
              <th scope="col" className={TH}>Severity</th>
              <th scope="col" className={`${TH} text-right`}>Mean</th>
              <th scope="col" className={`${TH} text-right`}>Fixed</th>
            </tr>
          </thead>
          <tbody>
            {data.mttr.map((m) => (
              <tr key={m.severity}>
                <td className="py-1 pr-3">
                  <SeverityBadge severity={m.severity} />
                </td>
                <td className="py-1 pr-3 text-right tabular-nums">{formatHours(m.meanHours)}</td>
                <td className="py-1 text-right tabular-nums text-muted">{m.fixed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="past-age-heading" className={CARD} data-testid="past-age">
        <h2 id="past-age-heading" className="text-sm font-semibold text-ink">
          Past their age
        </h2>
        <p className="text-xs text-muted">open findings older than the limit for their severity</p>
        {data.pastAge.length === 0 ? (
          <p className="mt-3 text-sm text-muted">No age limits are configured (FINDING_MAX_AGE_DAYS).</p>
        ) : (
          <ul className="mt-2 space-y-1 text-sm">
            {data.pastAge.map((p) => (
              <li key={p.severity} className="flex items-center justify-between" data-testid={`past-age-${p.severity}`}>
                <span>
                  <SeverityBadge severity={p.severity} /> <span className="text-xs text-muted">older than {p.maxAgeDays} days</span>
                </span>
                <span className={`tabular-nums ${p.count > 0 ? "font-semibold text-bad" : "text-muted"}`}>
                  {p.count}
                  <span className="sr-only"> {SEVERITY_LABELS[p.severity]} findings past their age</span>
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
