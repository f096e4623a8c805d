import Link from "next/link";
import { toSecurityQuery, type FilterPatch } from "@/lib/pages/security/params";
import type { FindingMaxAgeDays, SecurityPageData, SecurityPageParams, SortKey } from "@/lib/pages/security/types";
import { RelativeTime } from "@/components/time/RelativeTime";
import { SeverityBadge } from "./SeverityBadge";
import { STATE_LABELS } from "./severity";
import { Pager } from "@/components/layout/Pager";
import { RowRange, TableBody } from "@/components/layout/PagedTable";

interface Props {
  data: SecurityPageData["findings"];
  params: SecurityPageParams;
  maxAgeDays: FindingMaxAgeDays;
  hrefFor(patch: FilterPatch): string;
}

/** The direction a column sorts in when first clicked. */
const FIRST_DIR: Record<SortKey, SecurityPageParams["dir"]> = { severity: "desc", age: "desc", lastSeen: "desc", service: "asc", scanner: "asc", title: "asc" };

function SortHeader({ label, sort, params, hrefFor, className }: { label: string; sort: SortKey; params: SecurityPageParams; hrefFor: Props["hrefFor"]; className?: string }) {
  const active = params.sort === sort;
  const dir = active ? (params.dir === "asc" ? "desc" : "asc") : FIRST_DIR[sort];
  return (
    <th scope="col" aria-sort={active ? (params.dir === "asc" ? "ascending" : "descending") : "none"} className={`px-2 py-2 font-medium ${className ?? ""}`}>
      <Link href={hrefFor({ sort, dir, page: 1 })} scroll={false} className="inline-flex items-center gap-1 hover:text-slate-900 hover:underline" data-testid={`sort-${sort}`}>
        {label}
        <span aria-hidden className={active ? "text-slate-900" : "text-slate-300"}>
          {active ? (params.dir === "asc" ? "▲" : "▼") : "↕"}
        </span>
      </Link>
    </th>
  );
}

const LINK = "text-sky-700 hover:underline whitespace-nowrap";

/** Open findings, filtered, sorted and paginated by the server; the CSV holds every filtered row. */
export function FindingsTable({ data, params, maxAgeDays, hrefFor }: Props) {
  const { items, total, page, pageCount } = data;
  const csvQuery = toSecurityQuery(params, { paging: false });
  const header = { params, hrefFor };
  return (
    <section aria-labelledby="findings-heading" className="rounded-lg border border-slate-200 bg-white">
      <div className="flex flex-wrap items-baseline justify-between gap-2 px-4 pt-3">
        <h2 id="findings-heading" className="text-base font-semibold text-slate-900">
          Open findings
          <span className="ml-2 text-xs font-normal text-slate-500">in the latest main report of their scanner</span>
        </h2>
        <span className="flex items-baseline gap-4">
          <RowRange data={data} testId="findings-count" />
          <a
            href={`/api/security/findings.csv${csvQuery ? `?${csvQuery}` : ""}`}
            download
            data-testid="export-csv"
            className="rounded-md border border-slate-300 px-2 py-1 text-sm text-slate-800 hover:bg-slate-50"
          >
            Export CSV ({total} rows)
          </a>
        </span>
      </div>
      <div className="overflow-x-auto">
        <table data-testid="findings-table" className="mt-2 w-full text-sm">
          <thead className="border-b border-slate-200 text-left text-xs text-slate-500">
            <tr>
              <SortHeader label="Severity" sort="severity" {...header} className="pl-4" />
              <SortHeader label="Service" sort="service" {...header} />
              <SortHeader label="Scanner" sort="scanner" {...header} />
              <SortHeader label="Finding" sort="title" {...header} />
              <SortHeader label="Age" sort="age" {...header} className="text-right" />
              <SortHeader label="Last seen" sort="lastSeen" {...header} className="text-right" />
              <th scope="col" className="px-2 py-2 font-medium">State</th>
              <th scope="col" className="px-4 py-2 font-medium">Links</th>
            </tr>
          </thead>
          <TableBody colSpan={8} emptyText="No open findings match these filters.">
            {items.map((f) => (
              <tr
                key={f.id}
                data-testid="finding-row"
                data-service={f.service}
                data-severity={f.severity}
                data-past-age={f.pastAge}
                data-age-days={f.ageDays}
                className={`border-b border-slate-100 align-top last:border-0 ${f.pastAge ? "bg-red-50" : ""}`}
              >
                <td className="py-2 pr-2 pl-4">
                  <SeverityBadge severity={f.severity} />
                </td>
                <td className="px-2 py-2 whitespace-nowrap">{f.service}</td>
                <td className="px-2 py-2 whitespace-nowrap text-slate-700">{f.scanner}</td>
                <td className="max-w-md px-2 py-2">
                  <div className="break-words text-slate-900">{f.title}</div>
                  <div className="mt-0.5 truncate font-mono text-xs text-slate-500" title={`${f.rule} · ${f.location}`}>
                    {f.rule} · {f.location}
                  </div>
                </td>
                <td className="px-2 py-2 text-right whitespace-nowrap tabular-nums">
                  <span title={`first seen ${f.firstSeenAt}`}>{f.ageDays} d</span>
                  {f.pastAge && (
                    <span className="mt-0.5 block text-xs font-semibold text-red-800" data-testid="past-age-flag">
                      ⚠ past {maxAgeDays[f.severity]} d limit
                    </span>
                  )}
                </td>
                <td className="px-2 py-2 text-right whitespace-nowrap text-slate-600">
                  <RelativeTime value={f.lastSeenAt} />
                </td>
                <td className="px-2 py-2 whitespace-nowrap text-slate-700">{STATE_LABELS[f.state] ?? f.state}</td>
                <td className="px-4 py-2">
                  <span className="flex flex-col gap-0.5">
                    {f.dojoFindingUrl && (
                      <a href={f.dojoFindingUrl} target="_blank" rel="noopener noreferrer" className={LINK} data-testid="link-defectdojo">
                        DefectDojo ↗
                      </a>
                    )}
                    {f.sonarIssueUrl && (
                      <a href={f.sonarIssueUrl} target="_blank" rel="noopener noreferrer" className={LINK} data-testid="link-sonarqube">
                        SonarQube ↗
                      </a>
                    )}
                    {f.jobWebUrl && (
                      <a href={f.jobWebUrl} target="_blank" rel="noopener noreferrer" className={LINK} data-testid="link-gitlab-job">
                        GitLab job ↗
                      </a>
                    )}
                  </span>
                </td>
              </tr>
            ))}
          </TableBody>
        </table>
      </div>
      <Pager label="Finding pages" page={page} pageCount={pageCount} hrefFor={hrefFor} previousText="Previous" nextText="Next" />
    </section>
  );
}
