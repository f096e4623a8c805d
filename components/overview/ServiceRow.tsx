import Link from "next/link";
import { formatDuration } from "../format";
import type { CoverageTrend, ServiceOverview, StageCellData } from "@/lib/pages/overview/types";
import { PipelineLink } from "../pipeline-parts/PipelineLink";
import { PipelineStatusBadge } from "../pipeline-parts/PipelineStatusBadge";
import { StageCell } from "../pipeline-parts/StageCell";
import { CommitSummary } from "../pipeline-parts/CommitSummary";
import { RelativeTime } from "@/components/time/RelativeTime";
import { OtherRefs } from "./OtherRefs";

interface Props {
  service: ServiceOverview;
  /** The table's stage columns: the nine standard stages, then extra stages of any service. */
  stageColumns: string[];
  favourite?: boolean;
  /** Without it, no star is shown. */
  onToggleFavourite?(name: string): void;
  /** List the service's other branches and tags beneath it. */
  otherRefs?: boolean;
}

const percent = (value: number) => `${value.toFixed(1)}%`;

/** Latest main coverage with its change since the previous value, e.g. "81.3% ↑0.4"; "—" when none. */
function CoverageCell({ service, coverage }: { service: string; coverage: CoverageTrend | null }) {
  const testId = `coverage-${service}`;
  if (!coverage) {
    return (
      <td className="px-3 py-3 text-right whitespace-nowrap text-muted" data-testid={testId} title="No test job coverage on main yet">
        —
      </td>
    );
  }
  // Compare what is shown: a change that rounds to 0.0 is no change.
  const delta = coverage.previous === null ? null : Math.round((coverage.latest - coverage.previous) * 10) / 10;
  const title =
    `test job coverage on main (pipeline ${coverage.pipelineId})` +
    (coverage.previous === null ? "" : `; previously ${percent(coverage.previous)}`);
  return (
    <td className="px-3 py-3 text-right whitespace-nowrap tabular-nums text-muted" data-testid={testId} title={title}>
      <Link href={`/pipelines/${coverage.pipelineId}`} className="hover:underline">
        {percent(coverage.latest)}
      </Link>
      {delta !== null && delta !== 0 && (
        <span className={`ml-1 text-xs ${delta > 0 ? "text-ok" : "text-bad"}`} data-trend={delta > 0 ? "up" : "down"}>
          {delta > 0 ? "↑" : "↓"}
          {Math.abs(delta).toFixed(1)}
        </span>
      )}
    </td>
  );
}

/** A service's latest main pipeline as one row of stage cells, and its other refs beneath. */
export function ServiceRow({ service, stageColumns, favourite = false, onToggleFavourite, otherRefs = true }: Props) {
  const main = service.latestMain;
  const byStage = new Map<string, StageCellData>((main?.stages ?? []).map((c) => [c.stage, c]));
  const columns = stageColumns.length + 6;
  const failing = service.sync?.error != null;

  return (
    <tbody className="border-t border-line">
      <tr data-testid={`service-row-${service.name}`} data-pipeline-id={main?.id ?? ""} className="align-middle">
        <th scope="row" className="sticky left-0 z-10 bg-surface px-4 py-3 text-left font-semibold whitespace-nowrap text-ink">
          {onToggleFavourite && (
            <button
              type="button"
              onClick={() => onToggleFavourite(service.name)}
              aria-pressed={favourite}
              aria-label={`Favourite ${service.name}`}
              title={favourite ? "Remove from favourites" : "Add to favourites (kept in this browser)"}
              data-testid={`favourite-${service.name}`}
              className={`mr-1.5 rounded px-0.5 text-base leading-none ${favourite ? "text-warn" : "text-muted hover:text-ink"}`}
            >
              {favourite ? "★" : "☆"}
            </button>
          )}
          <Link href={`/services/${encodeURIComponent(service.name)}`} className="hover:underline">
            {service.name}
          </Link>
          {failing && (
            <span className="ml-2 rounded bg-bad-soft px-1.5 py-px text-[11px] font-medium text-bad" title="See the sync problem above">
              sync failing
            </span>
          )}
        </th>
        {main ? (
          <>
            {stageColumns.map((stage) => (
              <td key={stage} className="px-0.5 py-3 text-center">
                <StageCell
                  stage={stage}
                  status={byStage.get(stage)?.status ?? null}
                  testId={`stage-cell-${service.name}-${stage}`}
                />
              </td>
            ))}
            <td className="px-3 py-3">
              <div className="flex items-center gap-2 whitespace-nowrap">
                <Link href={`/pipelines/${main.id}`} title="Stages and jobs of this pipeline" data-testid={`pipeline-details-${service.name}`}>
                  <PipelineStatusBadge status={main.status} />
                </Link>
                <PipelineLink pipeline={main} service={service.name} />
              </div>
            </td>
            <td className="max-w-0 px-3 py-3 w-full">
              <CommitSummary shortSha={main.shortSha} sha={main.sha} title={main.commitTitle} />
            </td>
            <td className="px-3 py-3 whitespace-nowrap text-muted">
              <RelativeTime value={main.createdAt} />
            </td>
            <CoverageCell service={service.name} coverage={service.coverage} />
            <td
              className="px-3 py-3 pr-4 text-right whitespace-nowrap tabular-nums text-muted"
              title={main.queuedDurationSeconds != null ? `queued ${formatDuration(main.queuedDurationSeconds)}` : undefined}
            >
              {formatDuration(main.durationSeconds)}
            </td>
          </>
        ) : (
          <td colSpan={columns - 1} className="px-3 py-3 text-muted" data-testid={`service-empty-${service.name}`}>
            {service.sync?.backfill.done ? "No pipelines on the main branch yet." : "Waiting for the first sync…"}
          </td>
        )}
      </tr>
      {otherRefs && (main || service.otherRefs.length > 0) && (
        <tr>
          <td colSpan={columns} className="px-4 pb-3 pt-0">
            <OtherRefs service={service.name} pipelines={service.otherRefs} />
          </td>
        </tr>
      )}
    </tbody>
  );
}
