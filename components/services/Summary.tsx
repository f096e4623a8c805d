import { formatDuration } from "../format";
import type { ServicePageData } from "@/lib/pages/services/types";

/** The period in four figures. */
export function Summary({ data }: { data: ServicePageData }) {
  const { period, coverage } = data;
  const figures = [
    { label: "Success rate", value: period.successRate === null ? "—" : `${(period.successRate * 100).toFixed(1)}%`, note: `${period.pipelines} pipelines` },
    { label: "Duration p50 / p95", value: `${formatDuration(period.durationP50)} / ${formatDuration(period.durationP95)}`, note: "finished pipelines" },
    { label: "Queue p50", value: formatDuration(period.queueP50), note: "time waiting for a runner" },
    { label: "Coverage", value: coverage.latest ? `${coverage.latest.coverage.toFixed(1)}%` : "—", note: "test job, latest main pipeline", whole: true },
  ];
  return (
    <dl data-testid="period-summary" className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-4">
      {figures.map((f) => (
        <div key={f.label} className="min-w-0 rounded-lg border border-line bg-surface px-3 py-3 sm:px-4">
          <dt className="text-xs font-medium text-muted">
            {f.label}
            {!("whole" in f) && <span className="font-normal"> · last {period.days} days</span>}
          </dt>
          <dd className="mt-1 text-base font-semibold tabular-nums text-ink sm:text-xl">{f.value}</dd>
          <dd className="text-xs text-muted">{f.note}</dd>
        </div>
      ))}
    </dl>
  );
}
