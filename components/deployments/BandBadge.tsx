import type { Band } from "@/lib/pages/deployments/types";

const LOOK: Record<Band, string> = {
  elite: "border-ok-line bg-ok-soft text-ok",
  high: "border-info-line bg-info-soft text-link",
  medium: "border-warn-line bg-warn-soft text-warn",
  low: "border-bad-line bg-bad-soft text-bad",
};

/** A DORA performance band as text and colour; "no data" when the figure has none. */
export function BandBadge({ band, testId }: { band: Band | null; testId?: string }) {
  return (
    <span
      data-testid={testId}
      data-band={band ?? "none"}
      className={`inline-flex rounded-full border px-2 py-0.5 text-xs font-medium ${band ? LOOK[band] : "border-line bg-subtle text-muted"}`}
    >
      {band ?? "no data"}
    </span>
  );
}
