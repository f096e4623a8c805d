"use client";

import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatCount } from "../format";
import type { TestCountPoint } from "@/lib/pages/services/types";

/*
 * Tests per main pipeline over the period, one point per pipeline, on a time axis in the viewer's
 * own time zone. Loaded through next/dynamic like the page's other charts (Recharts stays out of
 * every other page's bundle), with the colour roles of app/globals.css for light and dark.
 */

const AXIS = { fontSize: 11, fill: "var(--color-chart-axis)" };
const dayLabel = new Intl.DateTimeFormat(undefined, { day: "2-digit", month: "2-digit" });
const moment = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** The viewer's local midnights from `min` to `max`, every so many days that at most `most` show. */
function dayTicks(min: number, max: number, most = 8): number[] {
  const days: number[] = [];
  const day = new Date(min);
  day.setHours(0, 0, 0, 0);
  if (day.getTime() < min) day.setDate(day.getDate() + 1);
  // setDate, not + 24 h: a day with a clock change is 23 or 25 hours long.
  for (; day.getTime() <= max; day.setDate(day.getDate() + 1)) days.push(day.getTime());
  const step = Math.max(1, Math.ceil(days.length / most));
  return days.filter((_, i) => i % step === 0);
}

export function TestCountChart({ points }: { points: TestCountPoint[] }) {
  const data = points.map((p) => ({ t: Date.parse(p.createdAt), tests: p.tests, failed: p.failed, iid: p.iid }));
  const ticks = dayTicks(data[0]?.t ?? 0, data.at(-1)?.t ?? 0);
  return (
    <div className="h-40">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--color-chart-grid)" />
          <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} ticks={ticks} tickFormatter={(t: number) => dayLabel.format(t)} tick={AXIS} />
          <YAxis domain={["auto", "auto"]} allowDecimals={false} tickFormatter={(v: number) => formatCount(v)} tick={AXIS} width={48} />
          <Tooltip
            labelFormatter={(t) => (typeof t === "number" ? moment.format(t) : "")}
            formatter={(value, _name, item) => {
              const failed = (item.payload as { failed?: number } | undefined)?.failed ?? 0;
              return [`${formatCount(Number(value))}${failed > 0 ? ` (${failed} failed)` : ""}`, "Tests"];
            }}
          />
          <Line type="stepAfter" dataKey="tests" name="Tests" stroke="var(--color-chart-tests)" strokeWidth={2} dot={data.length <= 31 ? { r: 2 } : false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
