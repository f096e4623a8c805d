import { formatDuration } from "../format";
import type { PipelineSummary } from "@/lib/pages/overview/types";
import { CommitSummary } from "../pipeline-parts/CommitSummary";
import { PipelineLink } from "../pipeline-parts/PipelineLink";
import Link from "next/link";
import { PipelineStatusBadge } from "../pipeline-parts/PipelineStatusBadge";
import { RefName } from "../pipeline-parts/RefName";
import { RefKindBadge } from "../pipeline-parts/RefKindBadge";
import { MiniStages } from "../pipeline-parts/MiniStages";
import { RelativeTime } from "@/components/time/RelativeTime";

/** Latest pipeline of each other branch or tag of a service, newest first, with mini stage cells. */
export function OtherRefs({ service, pipelines }: { service: string; pipelines: PipelineSummary[] }) {
  if (pipelines.length === 0) {
    return (
      <p data-testid={`other-refs-${service}`} className="pl-1 text-xs text-muted">
        No pipelines on other branches or tags.
      </p>
    );
  }
  return (
    <details open data-testid={`other-refs-${service}`} className="group rounded-md bg-subtle px-3 py-1.5">
      <summary className="cursor-pointer text-xs font-medium text-muted select-none">
        Other branches and tags ({pipelines.length})
      </summary>
      <table className="mt-1 w-full text-xs">
        <thead className="sr-only">
          <tr>
            <th scope="col">Ref</th>
            <th scope="col">Status</th>
            <th scope="col">Stages</th>
            <th scope="col">Pipeline</th>
            <th scope="col">Commit</th>
            <th scope="col">Created</th>
            <th scope="col">Duration</th>
          </tr>
        </thead>
        <tbody>
          {pipelines.map((p) => (
            <tr key={p.id} data-testid={`other-ref-${service}-${p.ref}`} className="border-t border-line first:border-0">
              <th scope="row" className="w-64 max-w-64 py-1.5 pr-3 text-left font-normal">
                <span className="flex items-center gap-1.5">
                  <RefKindBadge kind={p.refKind} />
                  <RefName name={p.ref} mergeRequest={p.mergeRequest} className="text-body" />
                </span>
              </th>
              <td className="py-1.5 pr-3">
                <Link href={`/pipelines/${p.id}`} title="Stages and jobs of this pipeline">
                  <PipelineStatusBadge status={p.status} />
                </Link>
              </td>
              <td className="py-1.5 pr-3">
                <MiniStages stages={p.stages} />
              </td>
              <td className="py-1.5 pr-3 whitespace-nowrap">
                <PipelineLink pipeline={p} service={service} />
              </td>
              <td className="w-full max-w-0 py-1.5 pr-3">
                <CommitSummary shortSha={p.shortSha} sha={p.sha} title={p.commitTitle} />
              </td>
              <td className="py-1.5 pr-3 whitespace-nowrap text-muted">
                <RelativeTime value={p.createdAt} />
              </td>
              <td className="py-1.5 text-right whitespace-nowrap tabular-nums text-muted">{formatDuration(p.durationSeconds)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
