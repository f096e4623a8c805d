"use client";

import type { ReactElement } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatDuration } from "../format";
import type { ServicePageData } from "@/lib/pages/services/types";

/*
 * The period's trends, one point per UTC day. Imported only through next/dynamic from the
 * service page, so Recharts is not part of any other page's bundle.
 */

const dayLabel = (day: string) => {
  const [, m, d] = day.split("-");
  return `${d}/${m}`;
};
const percent = (v: unknown) => (typeof v === "number" ? `${v.toFixed(1)}%` : "—");
const seconds = (v: unknown) => (typeof v === "number" ? formatDuration(v) : "—");

function ChartCard({ title, testId, unit, children, empty }: { title: string; testId: string; unit: string; children: ReactElement; empty: boolean }) {
  return (
    <figure data-testid={testId} className="min-w-0 rounded-lg border border-line bg-surface px-4 py-3">
      <figcaption className="flex items-baseline justify-between text-sm font-semibold text-ink">
        {title}
        <span className="text-xs font-normal text-muted">{unit}</span>
      </figcaption>
      {empty ? (
        <p className="flex h-56 items-center justify-center text-sm text-muted">No data in this period.</p>
      ) : (
        <div className="mt-2 h-56">
          <ResponsiveContainer width="100%" height="100%">
            {children}
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}

/** Colour roles from app/globals.css, so the charts follow the light or dark scheme like the rest. */
const AXIS = { fontSize: 11, fill: "var(--color-chart-axis)" };
const GRID = "var(--color-chart-grid)";
const X_LABEL = { value: "Day (UTC)", position: "insideBottom" as const, offset: -2, style: AXIS };
const yLabel = (value: string) => ({ value, angle: -90, position: "insideLeft" as const, style: { ...AXIS, textAnchor: "middle" as const } });

export function Charts({ data }: { data: ServicePageData }) {
  const points = data.daily.map((d) => ({
    day: d.day,
    successRate: d.successRate === null ? null : d.successRate * 100,
    durationP50: d.durationP50,
    durationP95: d.durationP95,
    queueP50: d.queueP50,
    pipelines: d.pipelines,
  }));
  const coverage = data.coverage.daily.map((c) => ({ day: c.day, coverage: c.coverage, lineRate: c.lineRate }));
  const hasRuns = points.some((p) => p.pipelines > 0);
  const common = { margin: { top: 8, right: 12, bottom: 14, left: 8 } };
  const xAxis = <XAxis dataKey="day" tickFormatter={dayLabel} tick={AXIS} label={X_LABEL} minTickGap={16} />;

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <ChartCard title="Success rate" testId="chart-success-rate" unit="% of finished pipelines" empty={!points.some((p) => p.successRate !== null)}>
        <LineChart data={points} {...common}>
          <CartesianGrid strokeDasharray="3 3" stroke={GRID} />
          {xAxis}
          <YAxis domain={[0, 100]} tickFormatter={(v: number) => `${v}%`} tick={AXIS} label={yLabel("Success %")} width={56} />
          <Tooltip formatter={(v) => percent(v)} labelFormatter={(l) => `Day ${String(l)}`} />
          <Line type="monotone" dataKey="successRate" name="Success rate" stroke="var(--color-chart-success)" strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
        </LineChart>
      </ChartCard>
      <ChartCard title="Pipeline duration" testId="chart-duration" unit="p50 and p95" empty={!points.some((p) => p.durationP50 !== null)}>
        <LineChart data={points} {...common}>
          <CartesianGrid strokeDasharray="3 3" stroke={GRID} />
          {xAxis}
          <YAxis tickFormatter={(v: number) => formatDuration(v)} tick={AXIS} label={yLabel("Duration")} width={64} />
          <Tooltip formatter={(v) => seconds(v)} labelFormatter={(l) => `Day ${String(l)}`} />
          <Legend verticalAlign="top" height={20} wrapperStyle={{ fontSize: 11 }} />
          <Line type="monotone" dataKey="durationP50" name="p50" stroke="var(--color-chart-p50)" strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
          <Line type="monotone" dataKey="durationP95" name="p95" stroke="var(--color-chart-p95)" strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
        </LineChart>
      </ChartCard>
      <ChartCard title="Queue time" testId="chart-queue" unit="p50, waiting for a runner" empty={!hasRuns || !points.some((p) => p.queueP50 !== null)}>
        <LineChart data={points} {...common}>
          <CartesianGrid strokeDasharray="3 3" stroke={GRID} />
          {xAxis}
          <YAxis tickFormatter={(v: number) => formatDuration(v)} tick={AXIS} label={yLabel("Queue")} width={64} />
          <Tooltip formatter={(v) => seconds(v)} labelFormatter={(l) => `Day ${String(l)}`} />
          <Line type="monotone" dataKey="queueP50" name="Queue p50" stroke="var(--color-chart-queue)" strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
        </LineChart>
      </ChartCard>
      <ChartCard
        title="Coverage"
        testId="chart-coverage"
        unit="% on main · test job and coverage.xml line rate"
        empty={!coverage.some((c) => c.coverage !== null || c.lineRate !== null)}
      >
        <LineChart data={coverage} {...common}>
          <CartesianGrid strokeDasharray="3 3" stroke={GRID} />
          {xAxis}
          <YAxis domain={[0, 100]} tickFormatter={(v: number) => `${v}%`} tick={AXIS} label={yLabel("Coverage %")} width={56} />
          <Tooltip formatter={(v) => percent(v)} labelFormatter={(l) => `Day ${String(l)}`} />
          <Legend verticalAlign="top" height={24} iconSize={10} wrapperStyle={{ fontSize: 12 }} />
          <Line type="monotone" dataKey="coverage" name="Test job coverage" stroke="var(--color-chart-coverage)" strokeWidth={2} dot={{ r: 2 }} connectNulls isAnimationActive={false} />
          <Line
            type="monotone"
            dataKey="lineRate"
            name="coverage.xml line rate"
            stroke="var(--color-chart-line-rate)"
            strokeWidth={2}
            strokeDasharray="5 3"
            dot={{ r: 2 }}
            connectNulls
            isAnimationActive={false}
          />
        </LineChart>
      </ChartCard>
    </div>
  );
}
