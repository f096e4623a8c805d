"use client";

import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { SEVERITIES } from "@/lib/domain/cwiq";
import { scannerLabel, type SecurityPageData, type TrendPoint } from "@/lib/pages/security/types";
import { SEVERITY_COLOURS, SEVERITY_LABELS } from "./severity";

/*
 * Findings by severity per UTC day, stacked: the total, then per scanner and per service.
 * Imported only through next/dynamic from the security page, so Recharts stays out of other pages.
 */

/** Colour roles from app/globals.css, so the charts follow the light or dark scheme like the rest. */
const AXIS = { fontSize: 11, fill: "var(--color-chart-axis)" };
const dayLabel = (day: string) => {
  const [, m, d] = day.split("-");
  return `${d}/${m}`;
};
/** Legend and tooltip list the severities most severe first (Recharts sorts by name otherwise). */
const severityOrder = (item: { dataKey?: unknown }): number => SEVERITIES.findIndex((s) => s === item.dataKey);


function SeverityChart({ title, subtitle, points, testId, tall }: { title: string; subtitle: string; points: TrendPoint[]; testId: string; tall?: boolean }) {
  const empty = !points.some((p) => p.total > 0);
  return (
    <figure data-testid={testId} className="min-w-0 rounded-lg border border-line bg-surface px-4 py-3">
      <figcaption className="flex items-baseline justify-between text-sm font-semibold text-ink">
        {title}
        <span className="text-xs font-normal text-muted">{subtitle}</span>
      </figcaption>
      {empty ? (
        <p className={`flex items-center justify-center text-sm text-muted ${tall ? "h-64" : "h-44"}`}>No findings in this period.</p>
      ) : (
        <div className={`mt-2 ${tall ? "h-64" : "h-44"}`}>
          <ResponsiveContainer width="100%" height="100%">
            <AreaChart data={points} margin={{ top: 4, right: 12, bottom: 14, left: 4 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--color-chart-grid)" />
              <XAxis dataKey="day" tickFormatter={dayLabel} tick={AXIS} minTickGap={16} label={{ value: "Day (UTC)", position: "insideBottom", offset: -2, style: AXIS }} />
              <YAxis allowDecimals={false} tick={AXIS} width={48} label={{ value: "Findings", angle: -90, position: "insideLeft", style: { ...AXIS, textAnchor: "middle" } }} />
              <Tooltip labelFormatter={(l) => `Day ${String(l)}`} itemSorter={severityOrder} />
              <Legend verticalAlign="top" height={22} wrapperStyle={{ fontSize: 11 }} itemSorter={severityOrder} />
              {[...SEVERITIES].reverse().map((s) => (
                <Area
                  key={s}
                  type="stepAfter"
                  dataKey={s}
                  name={SEVERITY_LABELS[s]}
                  stackId="severity"
                  stroke={SEVERITY_COLOURS[s]}
                  fill={SEVERITY_COLOURS[s]}
                  fillOpacity={0.55}
                  isAnimationActive={false}
                />
              ))}
            </AreaChart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}

export function Charts({ data }: { data: SecurityPageData }) {
  const { trends } = data;
  return (
    <section aria-labelledby="trends-heading" className="space-y-4">
      <h2 id="trends-heading" className="text-base font-semibold text-ink">
        Findings over time
        <span className="ml-2 text-xs font-normal text-muted">latest main report of each service and scanner as of each day</span>
      </h2>
      <SeverityChart title="All selected scanners" subtitle="findings by severity, stacked" points={trends.total} testId="chart-total" tall />
      {trends.byScanner.length > 1 && (
        <div className="grid gap-4 lg:grid-cols-2" data-testid="charts-by-scanner">
          {trends.byScanner.map((s) => (
            <SeverityChart key={s.key} title={scannerLabel(s.key)} subtitle="by scanner" points={s.points} testId={`chart-scanner-${s.key}`} />
          ))}
        </div>
      )}
      {trends.byService.length > 1 && (
        <div className="grid gap-4 lg:grid-cols-2" data-testid="charts-by-service">
          {trends.byService.map((s) => (
            <SeverityChart key={s.key} title={s.key} subtitle="by service" points={s.points} testId={`chart-service-${s.key}`} />
          ))}
        </div>
      )}
      {trends.defectdojo && (
        <SeverityChart title="DefectDojo" subtitle="active findings of the latest test (re-imports Trivy image; not in the sum)" points={trends.defectdojo} testId="chart-defectdojo" />
      )}
    </section>
  );
}
