import type { Band } from "@/lib/pages/deployments/types";

const LOOK: Record<Band, string> = {
  elite: "border-emerald-300 bg-emerald-50 text-emerald-800",
  high: "border-sky-300 bg-sky-50 text-sky-800",
  medium: "border-amber-300 bg-amber-50 text-amber-900",
  low: "border-red-300 bg-red-50 text-red-800",
};

/** A DORA performance band as text and colour; "no data" when the figure has none. */
export function BandBadge({ band, testId }: { band: Band | null; testId?: string }) {
  return (
    <span
      data-testid={testId}
      data-band={band ?? "none"}
      className={`inline-flex rounded-full border px-2 py-0.5 text-xs font-medium ${band ? LOOK[band] : "border-slate-200 bg-slate-50 text-slate-500"}`}
    >
      {band ?? "no data"}
    </span>
  );
}
