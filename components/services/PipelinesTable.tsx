import Link from "next/link";
import { formatDuration } from "../format";
import type { FilterPatch } from "@/lib/pages/services/params";
import type { ServicePageData } from "@/lib/pages/services/types";
import { CommitSummary } from "../pipeline-parts/CommitSummary";
import { PipelineLink } from "../pipeline-parts/PipelineLink";
import { PipelineStatusBadge } from "../pipeline-parts/PipelineStatusBadge";
import { RefKindBadge } from "../pipeline-parts/RefKindBadge";
import { RefName } from "../pipeline-parts/RefName";
import { MiniStages } from "../pipeline-parts/MiniStages";
import { RelativeTime } from "../time/RelativeTime";
import { Pager } from "../layout/Pager";
import { RowRange, TableBody } from "../layout/PagedTable";

interface Props {
  service: string;
  data: ServicePageData["pipelines"];
  hrefFor(patch: FilterPatch): string;
}

/** The service's pipelines, newest first, one page at a time (paginated by the server). */
export function PipelinesTable({ service, data, hrefFor }: Props) {
  const { items, page, pageCount } = data;
  return (
    <section aria-labelledby="pipelines-heading" className="rounded-lg border border-line bg-surface">
      <div className="flex items-baseline justify-between px-4 pt-3">
        <h2 id="pipelines-heading" className="text-base font-semibold text-ink">
          Pipelines
        </h2>
        <RowRange data={data} testId="pipelines-count" />
      </div>
      {/* Below md each pipeline is a card: the rows stack and say what their figures are. */}
      <div className="relative overflow-x-auto">
        <table data-testid="pipelines-table" className="mt-2 w-full text-sm max-md:block">
          <thead className="border-b border-line text-left text-xs text-muted max-md:sr-only">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">Status</th>
              <th scope="col" className="px-2 py-2 font-medium">Pipeline</th>
              <th scope="col" className="px-2 py-2 font-medium">Ref</th>
              <th scope="col" className="px-2 py-2 font-medium">Commit</th>
              <th scope="col" className="px-2 py-2 font-medium">Stages</th>
              <th scope="col" className="px-2 py-2 text-right font-medium">Duration</th>
              <th scope="col" className="px-2 py-2 text-right font-medium">Queued</th>
              <th scope="col" className="px-4 py-2 text-right font-medium">Created</th>
            </tr>
          </thead>
          <TableBody colSpan={8} emptyText="No pipelines match these filters." className="max-md:block">
            {items.map((p) => (
              <tr key={p.id} data-testid={`pipeline-row-${p.id}`} data-status={p.status} className="border-b border-line last:border-0 max-md:flex max-md:flex-wrap max-md:items-center max-md:gap-x-3 max-md:gap-y-1.5 max-md:px-4 max-md:py-2.5">
                <td className="px-4 py-2 max-md:p-0">
                  <PipelineStatusBadge status={p.status} />
                </td>
                <td className="px-2 py-2 whitespace-nowrap max-md:p-0">
                  <Link href={`/pipelines/${p.id}`} className="font-mono text-ink hover:underline" title="Open in Stageboard">
                    {p.id}
                  </Link>{" "}
                  <PipelineLink pipeline={p} service={service} />
                </td>
                <td className="px-2 py-2 max-md:p-0">
                  <span className="flex items-center gap-1.5 whitespace-nowrap">
                    <RefKindBadge kind={p.refKind} />
                    <RefName name={p.ref} mergeRequest={p.mergeRequest} className="max-w-48 text-xs text-body" />
                  </span>
                </td>
                <td className="max-w-80 px-2 py-2 max-md:order-1 max-md:w-full max-md:max-w-none max-md:p-0">
                  <CommitSummary shortSha={p.shortSha} sha={p.sha} title={p.commitTitle} />
                </td>
                <td className="px-2 py-2 max-md:order-2 max-md:p-0">
                  <MiniStages stages={p.stages} />
                </td>
                <td className="px-2 py-2 text-right tabular-nums whitespace-nowrap max-md:order-2 max-md:p-0 max-md:text-xs max-md:before:content-['took_']">
                  {formatDuration(p.durationSeconds)}
                </td>
                <td className="px-2 py-2 text-right tabular-nums whitespace-nowrap max-md:order-2 max-md:p-0 max-md:text-xs max-md:before:content-['queued_']">
                  {formatDuration(p.queuedDurationSeconds)}
                </td>
                <td className="px-4 py-2 text-right whitespace-nowrap text-muted max-md:order-2 max-md:p-0 max-md:text-xs">
                  <RelativeTime value={p.createdAt} />
                </td>
              </tr>
            ))}
          </TableBody>
        </table>
      </div>
      <Pager label="Pipeline pages" page={page} pageCount={pageCount} hrefFor={hrefFor} previousText="Newer" nextText="Older" />
    </section>
  );
}
