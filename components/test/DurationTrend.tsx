/** A small line of daily median durations, drawn as SVG (no chart library for one line). */
export function DurationTrend({ points }: { points: { day: string; p50Ms: number; runs: number }[] }) {
  if (points.length < 2) return <p className="text-sm text-muted">Not enough days of results for a trend yet.</p>;
  const width = 600;
  const height = 120;
  const max = Math.max(...points.map((p) => p.p50Ms), 1);
  const x = (i: number) => (i / (points.length - 1)) * (width - 8) + 4;
  const y = (v: number) => height - 6 - (v / max) * (height - 16);
  const line = points.map((p, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(p.p50Ms).toFixed(1)}`).join(" ");
  const first = points[0];
  const last = points[points.length - 1];
  const label = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${v} ms`);
  return (
    <figure data-testid="duration-trend">
      <svg viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" className="h-32 w-full" role="img" aria-label={`Median duration from ${label(first?.p50Ms ?? 0)} on ${first?.day} to ${label(last?.p50Ms ?? 0)} on ${last?.day}`}>
        <path d={line} fill="none" stroke="currentColor" strokeWidth="2" vectorEffect="non-scaling-stroke" className="text-link" />
      </svg>
      <figcaption className="flex justify-between text-xs text-muted">
        <span>
          {first?.day}: {label(first?.p50Ms ?? 0)}
        </span>
        <span>max {label(max)}</span>
        <span>
          {last?.day}: {label(last?.p50Ms ?? 0)}
        </span>
      </figcaption>
    </figure>
  );
}
