import type { Metadata } from "next";
import { logger } from "@/lib/platform/log";
import { TEST_FLAKE_RULE } from "@/lib/domain/metrics/test-flakes";
import { parseTestsQuery, TEST_PERIODS, TEST_VIEWS, toTestsQuery } from "@/lib/pages/tests/params";
import { loadTestsPage } from "@/lib/pages/tests/server";
import type { TestsPageData } from "@/lib/pages/tests/types";
import { TestsList } from "@/components/tests/TestsList";
import { viewerScope } from "@/lib/web/auth/viewer";
import { errorMessage } from "@/lib/domain/error-message";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Tests" };

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

const VIEW_LABELS = { failing: "Failing", flaky: "Flaky", all: "All" } as const;
const field = "rounded border border-line-strong bg-surface px-2 py-1 text-sm text-ink";

export default async function TestsPage({ searchParams }: Props) {
  const parsed = parseTestsQuery(await searchParams);
  if (!parsed.ok) {
    return (
      <div role="alert" className="rounded-md border border-bad-line bg-bad-soft p-4 text-sm text-bad">
        This search cannot be read: {parsed.message}
      </div>
    );
  }
  const params = parsed.params;
  let data: TestsPageData | null = null;
  try {
    data = await loadTestsPage(params, await viewerScope());
  } catch (error) {
    logger.error({ err: errorMessage(error) }, "tests query failed");
  }
  return (
    <div className="space-y-4" data-testid="tests-page">
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
        <h1 className="text-lg font-semibold text-ink">Tests</h1>
        <p className="text-sm text-muted">Every service&apos;s tests from GitLab&apos;s pipeline test reports: which fail, which are flaky.</p>
      </div>
      <form method="get" action="/tests" className="flex flex-wrap items-end gap-3 rounded-lg border border-line bg-surface p-3" role="search">
        <label className="flex min-w-0 grow flex-col text-xs text-muted">
          Name or class
          <input type="search" name="q" defaultValue={params.q ?? ""} placeholder="test_rejects_expired_token" className={`${field} min-w-0`} data-testid="tests-search" />
        </label>
        <label className="flex flex-col text-xs text-muted">
          Service
          <select name="service" defaultValue={params.service ?? ""} className={field}>
            <option value="">All services</option>
            {data?.services.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs text-muted">
          Suite
          <select name="suite" defaultValue={params.suite ?? ""} className={field}>
            <option value="">All suites</option>
            {data?.suites.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs text-muted">
          Show
          <select name="view" defaultValue={params.view} className={field} data-testid="tests-view">
            {TEST_VIEWS.map((v) => (
              <option key={v} value={v}>
                {VIEW_LABELS[v]}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs text-muted">
          Period
          <select name="period" defaultValue={String(params.period)} className={field}>
            {TEST_PERIODS.map((p) => (
              <option key={p} value={p}>
                {p} days
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="rounded bg-solid px-3 py-1 text-sm text-on-solid" data-testid="tests-submit">
          Show
        </button>
        <a href={`/api/tests/tests.csv?${toTestsQuery(params)}`} className="text-sm text-link hover:underline" data-testid="tests-csv" download>
          CSV
        </a>
      </form>
      <p className="text-xs text-muted">
        Failures: pipelines in the period whose report had the test failed. Flaky: {TEST_FLAKE_RULE}
      </p>
      {data ? (
        <>
          <TestsList rows={data.rows} caption={`${VIEW_LABELS[params.view]} tests, last ${params.period} days`} />
          {data.truncated && <p className="text-xs text-muted">Only the first {data.rows.length} are listed; the CSV has up to 10,000.</p>}
        </>
      ) : (
        <div role="alert" className="rounded-md border border-bad-line bg-bad-soft p-4 text-sm text-bad">
          The tests could not be loaded: the database is not answering. Reload to try again.
        </div>
      )}
    </div>
  );
}
