import { STAGES } from "@/lib/domain/cwiq";
import type { ServiceOverview } from "@/lib/pages/overview/types";
import { ServiceRow } from "./ServiceRow";

/** Extra (non-standard) stages of the main pipelines on screen, in first-seen order: one column each. */
function extraStageColumns(services: ServiceOverview[]): string[] {
  const extras: string[] = [];
  for (const s of services) {
    for (const cell of s.latestMain?.stages ?? []) {
      if (!cell.standard && !extras.includes(cell.stage)) extras.push(cell.stage);
    }
  }
  return extras;
}

interface Props {
  services: ServiceOverview[];
  /** What the table is, for screen readers ("Favourite services"). */
  caption?: string;
  favourites?: ReadonlySet<string>;
  onToggleFavourite?(name: string): void;
  /** List each service's other branches and tags beneath it (default true). */
  otherRefs?: boolean;
}

/** Every service's latest main pipeline, stage by stage, with its other refs beneath. */
export function ServiceTable({ services, caption, favourites, onToggleFavourite, otherRefs = true }: Props) {
  const stages = [...STAGES, ...extraStageColumns(services)];
  return (
    <div className="relative overflow-x-auto rounded-lg border border-line bg-surface">
      <table className="w-full border-collapse text-sm">
        <caption className="sr-only">
          {caption ?? "Latest main pipeline of each service, stage by stage, and the latest pipelines of other branches and tags"}
        </caption>
        <thead className="bg-subtle text-left text-xs text-muted">
          <tr>
            <th scope="col" className="sticky left-0 z-10 bg-subtle px-4 py-2 font-medium">
              Service
            </th>
            {stages.map((stage, i) => (
              <th
                key={stage}
                scope="col"
                className={`px-0.5 py-2 text-center text-[11px] leading-tight font-medium ${i >= STAGES.length ? "italic" : ""}`}
              >
                {/* A fixed-width box: equal columns whatever the stage name's length. */}
                <span className="mx-auto block w-10 break-words">{stage}</span>
              </th>
            ))}
            <th scope="col" className="px-3 py-2 font-medium">
              Pipeline
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Commit
            </th>
            <th scope="col" className="px-3 py-2 font-medium whitespace-nowrap">
              Created
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium" title="test job coverage on main, and its change since the previous value">
              Coverage
            </th>
            <th scope="col" className="px-3 py-2 pr-4 text-right font-medium">
              Duration
            </th>
          </tr>
        </thead>
        {services.map((service) => (
          <ServiceRow
            key={service.name}
            service={service}
            stageColumns={stages}
            favourite={favourites?.has(service.name) ?? false}
            onToggleFavourite={onToggleFavourite}
            otherRefs={otherRefs}
          />
        ))}
      </table>
    </div>
  );
}
