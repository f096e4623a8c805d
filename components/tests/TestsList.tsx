import Link from "next/link";
import type { TestListRow } from "@/lib/pages/tests/types";
import { RelativeTime } from "../time/RelativeTime";

/** Tests as a table on wide screens and as cards on a phone; each links to its own page. */
export function TestsList({ rows, caption }: { rows: TestListRow[]; caption: string }) {
  if (rows.length === 0) {
    return (
      <p data-testid="tests-empty" className="rounded-md border border-dashed border-line-strong bg-surface p-6 text-center text-sm text-muted">
        No test matches.
      </p>
    );
  }
  return (
    <div className="rounded-lg border border-line bg-surface">
      <table className="w-full table-fixed text-sm" data-testid="tests-table">
        <caption className="sr-only">{caption}</caption>
        <thead className="hidden text-left text-xs text-muted md:table-header-group">
          <tr>
            <th scope="col" className="w-[50%] px-3 py-2 font-medium">
              Test
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Service · suite
            </th>
            <th scope="col" className="w-24 px-3 py-2 text-right font-medium">
              Failures
            </th>
            <th scope="col" className="w-28 px-3 py-2 text-right font-medium">
              Flaky commits
            </th>
            <th scope="col" className="w-36 px-3 py-2 font-medium">
              Last failed
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="block border-t border-line px-3 py-2 md:table-row md:p-0" data-testid="test-row" data-test-id={r.id}>
              <td className="block min-w-0 md:table-cell md:px-3 md:py-2">
                <Link href={`/tests/${r.id}`} className="break-words font-medium text-link hover:underline">
                  {r.name}
                </Link>
                <div className="break-all font-mono text-xs text-muted">{r.classname}</div>
              </td>
              <td className="block text-xs text-body md:table-cell md:px-3 md:py-2 md:text-sm">
                {r.service} · {r.suite}
              </td>
              <td className="inline-block pr-3 tabular-nums md:table-cell md:px-3 md:py-2 md:text-right">
                <span className="md:sr-only">Failures </span>
                {r.failures}
              </td>
              <td className="inline-block pr-3 tabular-nums md:table-cell md:px-3 md:py-2 md:text-right">
                <span className="md:sr-only">Flaky commits </span>
                {r.flakyCommits > 0 ? <span className="font-semibold text-warn">{r.flakyCommits}</span> : 0}
              </td>
              <td className="inline-block text-xs text-muted md:table-cell md:px-3 md:py-2">
                {r.lastFailedAt && r.lastFailedPipelineId !== null ? (
                  <Link href={`/pipelines/${r.lastFailedPipelineId}`} className="text-link hover:underline">
                    <RelativeTime value={r.lastFailedAt} />
                  </Link>
                ) : (
                  "—"
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
