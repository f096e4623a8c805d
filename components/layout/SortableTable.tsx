"use client";

import { useMemo, useState, type ReactNode } from "react";

/*
 * A small table sorted in the browser, as /flaky's table is: each header a button (sorting is an
 * action on this view) with its state in aria-sort, numbers sorted largest first on the first
 * click. Below md every row is a card and the headers a row of sort buttons, so a phone never
 * scrolls sideways.
 */

export interface SortableColumn<R> {
  key: string;
  label: string;
  /** Figures: right-aligned, tabular digits, largest first when first sorted by. */
  numeric?: boolean;
  sortValue(row: R): number | string | null;
  cell(row: R): ReactNode;
  /** Extra classes of the column's cells. */
  className?: string;
}

interface Props<R> {
  /** Says what the table lists (a caption for screen readers). */
  caption: string;
  /** Prefixes the sort buttons' test ids: `sort-{testId}-{column key}`. */
  testId: string;
  columns: readonly SortableColumn<R>[];
  /** In the server's order, which stays the tie-break. */
  rows: readonly R[];
  rowKey(row: R): string | number;
  /** Every row's test id, or each row's own. */
  rowTestId?: string | ((row: R) => string);
  initialSort: { key: string; desc: boolean };
}

function compare(a: number | string | null, b: number | string | null): number {
  if (a === b) return 0;
  // Missing values last whichever way the column sorts.
  if (a === null) return 1;
  if (b === null) return -1;
  return typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b));
}

export function SortableTable<R>({ caption, testId, columns, rows, rowKey, rowTestId, initialSort }: Props<R>) {
  const [sort, setSort] = useState(initialSort);
  const sorted = useMemo(() => {
    const column = columns.find((c) => c.key === sort.key);
    if (!column) return rows;
    const dir = sort.desc ? -1 : 1;
    return rows
      .map((row, index) => ({ row, index, value: column.sortValue(row) }))
      .sort((a, b) => {
        if (a.value === null || b.value === null) return compare(a.value, b.value) || a.index - b.index;
        return dir * compare(a.value, b.value) || a.index - b.index;
      })
      .map((s) => s.row);
  }, [rows, columns, sort]);

  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm max-md:block" data-testid={`${testId}-table`}>
        <caption className="sr-only">{caption}</caption>
        <thead className="text-left text-xs text-muted max-md:block">
          <tr className="border-b border-line max-md:flex max-md:flex-wrap max-md:gap-x-1 max-md:px-2">
            {columns.map((col) => {
              const active = sort.key === col.key;
              return (
                <th
                  key={col.key}
                  scope="col"
                  aria-sort={active ? (sort.desc ? "descending" : "ascending") : "none"}
                  className={`px-1 py-1.5 font-medium md:px-2 md:first:pl-4 md:last:pr-4 ${col.numeric ? "md:text-right" : ""}`}
                >
                  <button
                    type="button"
                    data-testid={`sort-${testId}-${col.key}`}
                    onClick={() => setSort((s) => ({ key: col.key, desc: s.key === col.key ? !s.desc : (col.numeric ?? false) }))}
                    className="inline-flex items-center gap-1 hover:text-ink"
                  >
                    {col.label}
                    <span aria-hidden className={active ? "text-ink" : "text-muted"}>
                      {active && !sort.desc ? "▲" : "▼"}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="max-md:block">
          {sorted.map((row) => (
            <tr
              key={rowKey(row)}
              data-testid={typeof rowTestId === "function" ? rowTestId(row) : rowTestId}
              className="border-b border-line last:border-0 max-md:flex max-md:flex-wrap max-md:items-baseline max-md:gap-x-3 max-md:gap-y-0.5 max-md:px-4 max-md:py-2"
            >
              {columns.map((col) => (
                <td
                  key={col.key}
                  className={[
                    "align-top max-md:first:basis-full md:px-2 md:py-1.5 md:first:pl-4 md:last:pr-4",
                    col.numeric && "tabular-nums max-md:text-xs md:text-right",
                    col.className,
                  ]
                    .filter(Boolean)
                    .join(" ")}
                >
                  {col.numeric && <span className="text-muted md:sr-only">{col.label} </span>}
                  {col.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
