"use client";

import type { ReleaseRow } from "@/lib/pages/deployments/types";
import { PipelineStatusBadge } from "../pipeline-parts/PipelineStatusBadge";
import { RelativeTime } from "@/components/time/RelativeTime";
import { ExpandControls, useExpandable } from "./Expandable";

const HEAD = "px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-muted";
const CELL = "px-3 py-1.5";

function Section({ id, title, children, footer }: { id: string; title: string; children: React.ReactNode; footer?: React.ReactNode }) {
  return (
    <section aria-labelledby={`${id}-title`} data-testid={id} className="rounded-lg border border-line bg-surface">
      <h2 id={`${id}-title`} className="border-b border-line px-3 py-2 text-sm font-semibold text-ink">
        {title}
      </h2>
      <div className="relative overflow-x-auto">{children}</div>
      {footer}
    </section>
  );
}

/** `v*` tag pipelines with their release job: the latest ten, all of them a page at a time. */
export function ReleasesTable({ releases, days }: { releases: ReleaseRow[]; days: number }) {
  const list = useExpandable(releases, 10, 20);
  return (
    <Section id="releases" title={`Releases, last ${days} days`} footer={<ExpandControls state={list} controls="releases-rows" noun="releases" testId="releases" />}>
      {releases.length === 0 ? (
        <p className="px-3 py-3 text-sm text-muted">No version tag pipelines in the period.</p>
      ) : (
        <table className="w-full text-sm">
          <thead>
            <tr>
              {["Service", "Tag", "Pipeline", "Release job", "Created"].map((h) => (
                <th key={h} scope="col" className={HEAD}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody id="releases-rows">
            {list.shown.map((r) => (
              <tr key={r.pipelineId} className="border-t border-line">
                <td className={CELL}>{r.service}</td>
                <td className={`${CELL} font-mono`}>{r.ref}</td>
                <td className={CELL}>
                  <a href={r.webUrl} target="_blank" rel="noreferrer" className="mr-2 text-link hover:underline">
                    #{r.pipelineId}
                  </a>
                  <PipelineStatusBadge status={r.status} />
                </td>
                <td className={CELL}>{r.release.status ? <PipelineStatusBadge status={r.release.status} /> : <span className="text-muted">none</span>}</td>
                <td className={CELL}>
                  <RelativeTime value={r.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
