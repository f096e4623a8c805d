import type { FilterPatch } from "@/lib/pages/security/params";
import type { FindingMaxAgeDays, SecurityPageData, SecurityPageParams, SortKey } from "@/lib/pages/security/types";
import { RelativeTime } from "@/components/time/RelativeTime";
import { SeverityBadge } from "./SeverityBadge";
import { STATE_LABELS } from "./severity";
import { toSecurityQuery } from "@/lib/pages/security/url";
import { Pager } from "@/components/layout/Pager";
import { RowRange, TableBody } from "@/components/layout/PagedTable";

interface Props {
  data: SecurityPageData["findings"];
  params: SecurityPageParams;
  maxAgeDays: FindingMaxAgeDays;
  hrefFor(patch: FilterPatch): string;
  /** Sorts by a column, from the first page. */
  onSort(patch: Pick<FilterPatch, "sort" | "dir">): void;
}

/** The direction a column sorts in when first clicked. */
const FIRST_DIR: Record<SortKey, SecurityPageParams["dir"]> = { severity: "desc", age: "desc", lastSeen: "desc", service: "asc", scanner: "asc", title: "asc" };

/** A sortable column's header: a button (sorting is an action on this view), its state in aria-sort. */
function SortHeader({ label, sort, params, onSort, className }: { label: string; sort: SortKey; params: SecurityPageParams; onSort: Props["onSort"]; className?: string }) {
  const active = params.sort === sort;
  const dir = active ? (params.dir === "asc" ? "desc" : "asc") : FIRST_DIR[sort];
  return (
    <th scope="col" aria-sort={active ? (params.dir === "asc" ? "ascending" : "descending") : "none"} className={`px-2 py-2 font-medium ${className ?? ""}`}>
      <button type="button" onClick={() => onSort({ sort, dir })} className="inline-flex items-center gap-1 hover:text-ink hover:underline" data-testid={`sort-${sort}`}>
        {label}
        <span aria-hidden className={active ? "text-ink" : "text-muted"}>
          {active ? (params.dir === "asc" ? "▲" : "▼") : "↕"}
        </span>
      </button>
    </th>
  );
}

const LINK = "text-link hover:underline whitespace-nowrap";

/** Open findings, filtered, sorted and paginated by the server; the CSV holds every filtered row. */
export function FindingsTable({ data, params, maxAgeDays, hrefFor, onSort }: Props) {
  const { items, total, page, pageCount } = data;
  const csvQuery = toSecurityQuery(params, { paging: false });
  const header = { params, onSort };
  return (
    <section aria-labelledby="findings-heading" className="rounded-lg border border-line bg-surface">
      <div className="flex flex-wrap items-baseline justify-between gap-2 px-4 pt-3">
        <h2 id="findings-heading" className="text-base font-semibold text-ink">
          Open findings
          <span className="ml-2 text-xs font-normal text-muted">in the latest main report of their scanner</span>
        </h2>
        <span className="flex items-baseline gap-4">
          <RowRange data={data} testId="findings-count" />
          <a
            href={`/api/security/findings.csv${csvQuery ? `?${csvQuery}` : ""}`}
            download
            data-testid="export-csv"
            className="rounded-md border border-line-strong px-2 py-1 text-sm text-body hover:bg-subtle"
          >
            Export CSV ({total} rows)
          </a>
        </span>
      </div>
      {/* Below md each finding is a card (the rows stack) and the headers a row of sort buttons. */}
      <div className="relative overflow-x-auto">
        <table data-testid="findings-table" className="mt-2 w-full text-sm max-md:block">
          <thead className="border-b border-line text-left text-xs text-muted max-md:block">
            <tr className="max-md:flex max-md:flex-wrap max-md:gap-x-1 max-md:px-2">
              <SortHeader label="Severity" sort="severity" {...header} className="pl-4" />
              <SortHeader label="Service" sort="service" {...header} />
              <SortHeader label="Scanner" sort="scanner" {...header} />
              <SortHeader label="Finding" sort="title" {...header} />
              <SortHeader label="Age" sort="age" {...header} className="text-right" />
              <SortHeader label="Last seen" sort="lastSeen" {...header} className="text-right" />
              <th scope="col" className="px-2 py-2 font-medium max-md:sr-only">State</th>
              <th scope="col" className="px-4 py-2 font-medium max-md:sr-only">Links</th>
            </tr>
          </thead>
          <TableBody colSpan={8} emptyText="No open findings match these filters." className="max-md:block">
            {items.map((f) => (
              <tr
                key={f.id}
                data-testid="finding-row"
                data-service={f.service}
                data-severity={f.severity}
                data-past-age={f.pastAge}
                data-age-days={f.ageDays}
                className={`border-b border-line align-top last:border-0 max-md:flex max-md:flex-wrap max-md:items-baseline max-md:gap-x-3 max-md:gap-y-1 max-md:px-4 max-md:py-2.5 ${f.pastAge ? "bg-bad-soft" : ""}`}
              >
                <td className="py-2 pr-2 pl-4 max-md:p-0">
                  <SeverityBadge severity={f.severity} />
                </td>
                <td className="px-2 py-2 whitespace-nowrap max-md:p-0 max-md:font-medium">{f.service}</td>
                <td className="px-2 py-2 whitespace-nowrap text-body max-md:p-0 max-md:text-xs">{f.scanner}</td>
                <td className="max-w-md px-2 py-2 max-md:order-1 max-md:w-full max-md:max-w-none max-md:p-0">
                  <div className="break-words text-ink">{f.title}</div>
                  <div className="mt-0.5 truncate font-mono text-xs text-muted" title={`${f.rule} · ${f.location}`}>
                    {f.rule} · {f.location}
                  </div>
                </td>
                <td className="px-2 py-2 text-right whitespace-nowrap tabular-nums max-md:order-2 max-md:p-0 max-md:text-left max-md:text-xs max-md:before:content-['age_']">
                  <span title={`first seen ${f.firstSeenAt}`}>{f.ageDays} d</span>
                  {f.pastAge && (
                    <span className="mt-0.5 block text-xs font-semibold text-bad max-md:mt-0 max-md:ml-2 max-md:inline" data-testid="past-age-flag">
                      ⚠ past {maxAgeDays[f.severity]} d limit
                    </span>
                  )}
                </td>
                <td className="px-2 py-2 text-right whitespace-nowrap text-muted max-md:order-2 max-md:p-0 max-md:text-xs max-md:before:content-['seen_']">
                  <RelativeTime value={f.lastSeenAt} />
                </td>
                <td className="px-2 py-2 whitespace-nowrap text-body max-md:order-2 max-md:p-0 max-md:text-xs">{STATE_LABELS[f.state] ?? f.state}</td>
                <td className="px-4 py-2 max-md:order-2 max-md:p-0 max-md:text-xs">
                  <span className="flex flex-col gap-0.5 max-md:flex-row max-md:flex-wrap max-md:gap-x-4">
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
