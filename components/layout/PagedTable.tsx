import type { ReactNode } from "react";

/*
 * Parts of a server-paginated table besides its Pager: the "first–last of total" count above it
 * and a body that says so when the page is empty.
 */

interface PageOfRows {
  total: number;
  page: number;
  perPage: number;
}

/** Which rows the page shows, e.g. "26–50 of 112"; "none" when nothing matches. */
export function RowRange({ data, testId }: { data: PageOfRows; testId: string }) {
  const { total, page, perPage } = data;
  const first = (page - 1) * perPage + 1;
  const last = Math.min(total, page * perPage);
  return (
    <span className="text-xs text-muted" data-testid={testId}>
      {total === 0 ? "none" : `${first}–${last} of ${total}`}
    </span>
  );
}

/** The table's body: its rows, or one row across all columns saying there is nothing to show. */
export function TableBody({ colSpan, emptyText, children, className }: { colSpan: number; emptyText: string; children: readonly ReactNode[]; className?: string }) {
  return (
    <tbody className={className}>
      {children.length === 0 ? (
        <tr>
          <td colSpan={colSpan} className="px-4 py-8 text-center text-muted">
            {emptyText}
          </td>
        </tr>
      ) : (
        children
      )}
    </tbody>
  );
}
