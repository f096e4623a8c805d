import type { ComplianceRow, ReleaseRow } from "@/lib/pages/deployments/types";
import { PipelineStatusBadge } from "../pipeline-parts/PipelineStatusBadge";
import { RelativeTime } from "@/components/time/RelativeTime";

const HEAD = "px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-slate-500";
const CELL = "px-3 py-1.5";

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={`${id}-title`} data-testid={id} className="rounded-lg border border-slate-200 bg-white">
      <h2 id={`${id}-title`} className="border-b border-slate-100 px-3 py-2 text-sm font-semibold text-slate-900">
        {title}
      </h2>
      <div className="overflow-x-auto">{children}</div>
    </section>
  );
}

/** `v*` tag pipelines with their release job. */
export function ReleasesTable({ releases, days }: { releases: ReleaseRow[]; days: number }) {
  return (
    <Section id="releases" title={`Releases, last ${days} days`}>
      {releases.length === 0 ? (
        <p className="px-3 py-3 text-sm text-slate-500">No version tag pipelines in the period.</p>
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
          <tbody>
            {releases.map((r) => (
              <tr key={r.pipelineId} className="border-t border-slate-100">
                <td className={CELL}>{r.service}</td>
                <td className={`${CELL} font-mono`}>{r.ref}</td>
                <td className={CELL}>
                  <a href={r.webUrl} target="_blank" rel="noreferrer" className="mr-2 text-sky-700 hover:underline">
                    #{r.pipelineId}
                  </a>
                  <PipelineStatusBadge status={r.status} />
                </td>
                <td className={CELL}>{r.release.status ? <PipelineStatusBadge status={r.release.status} /> : <span className="text-slate-500">none</span>}</td>
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

/** Findings with the rule named: broken branch/template rules, or image integrity problems. */
export function FindingsList({ id, title, rows, empty }: { id: string; title: string; rows: ComplianceRow[]; empty: string }) {
  return (
    <Section id={id} title={title}>
      {rows.length === 0 ? (
        <p className="px-3 py-3 text-sm text-slate-500">{empty}</p>
      ) : (
        <table className="w-full text-sm">
          <thead>
            <tr>
              {["Service", "Pipeline", "Rule", "When"].map((h) => (
                <th key={h} scope="col" className={HEAD}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.service}-${r.pipelineId ?? "svc"}-${r.rule}-${r.ruleText}`} data-rule={r.rule} className="border-t border-slate-100">
                <td className={CELL}>{r.service}</td>
                <td className={CELL}>
                  {r.pipelineId !== null && r.webUrl ? (
                    <a href={r.webUrl} target="_blank" rel="noreferrer" className="text-sky-700 hover:underline">
                      #{r.pipelineId} <span className="text-slate-500">{r.ref}</span>
                    </a>
                  ) : (
                    <span className="text-slate-500">service</span>
                  )}
                </td>
                <td className={CELL}>
                  <span className="mr-2 rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">{r.rule}</span>
                  {r.ruleText}
                </td>
                <td className={CELL}>{r.createdAt ? <RelativeTime value={r.createdAt} /> : <span className="text-slate-400">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
