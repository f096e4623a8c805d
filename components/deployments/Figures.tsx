import { DORA_DEFINITIONS } from "@/lib/domain/dora/dora";
import type { DeliveryFigures, DoraFigures } from "@/lib/pages/deployments/types";
import { formatDuration } from "../format";
import { BandBadge } from "./BandBadge";

const HEAD = "px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-muted";
const CELL = "px-3 py-2 align-top";

function Header({ label, definition }: { label: string; definition: string }) {
  return (
    <th scope="col" className={HEAD}>
      <abbr title={definition} className="cursor-help underline decoration-dotted underline-offset-2">
        {label}
      </abbr>
    </th>
  );
}

const percent = (rate: number | null) => (rate === null ? "—" : `${(rate * 100).toFixed(1)}%`);

function Row({ name, f, testId }: { name: string; f: DoraFigures; testId: string }) {
  return (
    <tr data-testid={`figures-${testId}`} className="border-t border-line">
      <th scope="row" className={`${CELL} text-left font-medium text-ink`}>
        {name}
      </th>
      <td className={CELL}>
        <div className="flex items-center gap-2">
          <span className="tabular-nums">{f.perDay.toFixed(2)}/day</span>
          <BandBadge band={f.frequencyBand} testId={`band-${testId}-frequency`} />
        </div>
        <div className="text-xs text-muted">
          {f.deployments} deployments · {f.deploymentDaysPerWeek.toFixed(1)} deploy days/week
        </div>
      </td>
      <td className={CELL}>
        <div className="flex items-center gap-2">
          <span className="tabular-nums">{formatDuration(f.leadTime.median)}</span>
          <BandBadge band={f.leadTime.band} testId={`band-${testId}-lead`} />
        </div>
        <div className="text-xs text-muted">p90 {formatDuration(f.leadTime.p90)}</div>
      </td>
      <td className={CELL}>
        <div className="flex items-center gap-2">
          <span className="tabular-nums">{percent(f.changeFailure.rate)}</span>
          <BandBadge band={f.changeFailure.band} testId={`band-${testId}-cfr`} />
        </div>
        <div className="text-xs text-muted">
          {f.changeFailure.failed} of {f.changeFailure.total}
        </div>
      </td>
      <td className={CELL}>
        <div className="flex items-center gap-2">
          <span className="tabular-nums">{formatDuration(f.timeToRestore.median)}</span>
          <BandBadge band={f.timeToRestore.band} testId={`band-${testId}-restore`} />
        </div>
        <div className="text-xs text-muted">{f.timeToRestore.incidents} restores</div>
      </td>
    </tr>
  );
}

/** The four DORA figures, overall and per service, against the published bands; definitions on hover. */
export function Figures({ figures }: { figures: DeliveryFigures }) {
  return (
    <section aria-labelledby="figures-title" data-testid="figures" data-period={figures.periodDays} className="rounded-lg border border-line bg-surface">
      <h2 id="figures-title" className="border-b border-line px-3 py-2 text-sm font-semibold text-ink">
        Delivery figures, last {figures.periodDays} days
      </h2>
      <div className="relative overflow-x-auto" role="region" aria-label="Delivery figures table" tabIndex={0}>
        <table className="w-full text-sm">
          <thead>
            <tr>
              <th scope="col" className={HEAD}>
                Service
              </th>
              <Header label="Deployment frequency" definition={DORA_DEFINITIONS.deploymentFrequency} />
              <Header label="Lead time (median)" definition={DORA_DEFINITIONS.leadTime} />
              <Header label="Change failure rate" definition={DORA_DEFINITIONS.changeFailureRate} />
              <Header label="Time to restore (median)" definition={DORA_DEFINITIONS.timeToRestore} />
            </tr>
          </thead>
          <tbody>
            <Row name="All services" f={figures.overall} testId="overall" />
            {figures.services.map((s) => (
              <Row key={s.service} name={s.service} f={s.figures} testId={s.service} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
