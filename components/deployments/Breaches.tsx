"use client";

import type { Breach, BreachSummary } from "@/lib/pages/deployments/types";
import { RelativeTime } from "@/components/time/RelativeTime";
import { Truncated } from "@/components/text/Truncated";
import { ExpandControls, useExpandable } from "./Expandable";

/** Shown before "Show all"; then this many a page. */
const LATEST = 5;
const PER_PAGE = 20;

const HEAD = "px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-muted";

/** Breaches per rule and service: one row a rule, what it asks on hover. */
function Counts({ summary }: { summary: BreachSummary }) {
  return (
    <div className="relative overflow-x-auto" role="region" aria-label="Breaches per rule and service" tabIndex={0}>
      <table className="w-full text-sm">
        <caption className="sr-only">Breaches per rule and service</caption>
        <thead>
          <tr>
            <th scope="col" className={HEAD}>
              Rule
            </th>
            {summary.services.map((s) => (
              <th key={s} scope="col" className={`${HEAD} text-right`}>
                {s}
              </th>
            ))}
            <th scope="col" className={`${HEAD} text-right`}>
              All
            </th>
          </tr>
        </thead>
        <tbody>
          {summary.rules.map((r) => (
            <tr key={r.rule} data-rule={r.rule} className="border-t border-line">
              <th scope="row" className="px-3 py-1.5 text-left font-normal text-body">
                <abbr title={r.description} className="cursor-help no-underline">
                  {r.label}
                </abbr>
              </th>
              {summary.services.map((s) => (
                <td key={s} data-service={s} className={`px-3 py-1.5 text-right tabular-nums ${r.byService[s] ? "text-ink" : "text-muted"}`}>
                  {r.byService[s] ?? 0}
                </td>
              ))}
              <td className="px-3 py-1.5 text-right font-medium tabular-nums text-ink">{r.total}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One breach in a line; the whole story and the pipeline link open beneath it. */
function BreachItem({ breach: b }: { breach: Breach }) {
  return (
    <li data-rule={b.rule} data-service={b.service} data-testid="breach" className="border-t border-line px-3 py-1.5 text-sm">
      <details>
        <summary className="flex cursor-pointer flex-wrap items-baseline gap-x-2 gap-y-0.5">
          <span className="font-medium text-ink">{b.service}</span>
          <span className="text-body">{b.label}</span>
          {b.pipelineId !== null && (
            <span className="flex min-w-0 items-baseline gap-1 text-xs text-muted">
              #{b.pipelineId}
              {b.ref && <Truncated text={b.ref} className="max-w-40 font-mono" />}
            </span>
          )}
          {b.createdAt && <RelativeTime value={b.createdAt} className="ml-auto text-xs text-muted" />}
        </summary>
        <p className="mt-1 pl-4 text-xs text-body">
          {b.detail}
          {b.webUrl && (
            <>
              {" "}
              <a href={b.webUrl} target="_blank" rel="noreferrer" className="whitespace-nowrap text-link hover:underline">
                Pipeline #{b.pipelineId} in GitLab<span className="sr-only"> (opens in a new tab)</span>
                <span aria-hidden> ↗</span>
              </a>
            </>
          )}
        </p>
      </details>
    </li>
  );
}

/**
 * A section of breaches: counts per rule and service, the latest few, and every one behind
 * "Show all", a page at a time.
 */
export function Breaches({ id, title, summary, days, empty }: { id: string; title: string; summary: BreachSummary; days: number; empty: string }) {
  const list = useExpandable(summary.items, LATEST, PER_PAGE);
  const listId = `${id}-list`;
  return (
    <section aria-labelledby={`${id}-title`} data-testid={id} className="min-w-0 rounded-lg border border-line bg-surface">
      <h2 id={`${id}-title`} className="flex flex-wrap items-baseline justify-between gap-x-3 border-b border-line px-3 py-2 text-sm font-semibold text-ink">
        {title}
        <span className="text-xs font-normal text-muted" data-testid={`${id}-total`}>
          {summary.total === 0 ? "none" : `${summary.total} in the last ${days} days`}
        </span>
      </h2>
      {summary.total === 0 ? (
        <p className="px-3 py-3 text-sm text-muted">{empty}</p>
      ) : (
        <>
          <Counts summary={summary} />
          <h3 className="border-t border-line px-3 pt-3 pb-1 text-xs font-medium uppercase tracking-wide text-muted">
            {list.all ? "All, newest first" : "Latest"}
          </h3>
          <ul id={listId} aria-label={list.all ? `${title}: page ${list.current + 1} of ${list.pages}` : `${title}: latest`}>
            {list.shown.map((b) => (
              <BreachItem key={`${b.service}-${b.pipelineId ?? "service"}-${b.rule}-${b.detail}`} breach={b} />
            ))}
          </ul>
          <ExpandControls state={list} controls={listId} noun="breaches" testId={id} />
        </>
      )}
    </section>
  );
}
