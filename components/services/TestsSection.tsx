"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import type { ReactNode } from "react";
import { PageState } from "../data/PageState";
import { usePageQuery } from "../data/usePageQuery";
import { formatCount, formatMs } from "../format";
import { SortableTable, type SortableColumn } from "../layout/SortableTable";
import { RelativeTime } from "../time/RelativeTime";
import { SLOWER_MIN_CHANGE, SLOWER_MIN_MS } from "@/lib/domain/metrics/test-durations";
import { TEST_FLAKE_RULE } from "@/lib/domain/metrics/test-flakes";
import type { FailingTest, FlakyTest, Period, ServiceTestRef, ServiceTestsData, SlowTest } from "@/lib/pages/services/types";
import { serviceTestsUrl } from "@/lib/pages/services/url";

// Recharts loads only in the browser, after the section's tables.
const TestCountChart = dynamic(() => import("./TestCountChart").then((m) => m.TestCountChart), {
  ssr: false,
  loading: () => <div className="h-40 animate-pulse rounded bg-line" />,
});

interface Props {
  service: string;
  period: Period;
  /** The server's answer for this period; null when it could not be read then (the browser asks). */
  initialData: ServiceTestsData | null;
  refreshIntervalMs: number;
}

const percent = (rate: number) => `${(rate * 100).toFixed(rate > 0 && rate < 0.1 ? 1 : 0)}%`;
const signedPercent = (rate: number | null) => (rate === null ? "—" : `${rate >= 0 ? "+" : "−"}${Math.round(Math.abs(rate) * 100)}%`);

/** The test's name (to its own page) over its suite and class. */
function TestName({ test }: { test: ServiceTestRef }) {
  return (
    <>
      <Link href={`/tests/${test.id}`} data-testid="service-test-link" className="font-medium text-link [overflow-wrap:anywhere] hover:underline">
        {test.name}
      </Link>
      <div className="font-mono text-xs text-muted [overflow-wrap:anywhere]">
        {test.suite} · {test.classname}
      </div>
    </>
  );
}

const testColumn = <T extends ServiceTestRef>(): SortableColumn<T> => ({
  key: "name",
  label: "Test",
  sortValue: (t) => t.name,
  cell: (t) => <TestName test={t} />,
  className: "min-w-0 md:w-1/2",
});

const FAILING: SortableColumn<FailingTest>[] = [
  testColumn<FailingTest>(),
  { key: "failures", label: "Failures", numeric: true, sortValue: (t) => t.failures, cell: (t) => t.failures },
  {
    key: "last",
    label: "Last failed",
    sortValue: (t) => t.lastFailedAt,
    className: "whitespace-nowrap text-xs",
    cell: (t) => (
      <Link href={`/pipelines/${t.lastFailedPipelineId}`} className="text-link hover:underline">
        <RelativeTime value={t.lastFailedAt} />
      </Link>
    ),
  },
];

const FLAKY: SortableColumn<FlakyTest>[] = [
  testColumn<FlakyTest>(),
  { key: "commits", label: "Flaky commits", numeric: true, sortValue: (t) => t.flakyCommits, cell: (t) => <span className="font-semibold text-flaky">{t.flakyCommits}</span> },
  { key: "flip", label: "Flip rate", numeric: true, sortValue: (t) => t.flipRate, cell: (t) => percent(t.flipRate) },
  { key: "runs", label: "Main runs", numeric: true, sortValue: (t) => t.mainRuns, cell: (t) => formatCount(t.mainRuns) },
];

const SLOWEST: SortableColumn<SlowTest>[] = [
  testColumn<SlowTest>(),
  { key: "p50", label: "p50", numeric: true, sortValue: (t) => t.p50Ms, cell: (t) => formatMs(t.p50Ms) },
  { key: "runs", label: "Runs", numeric: true, sortValue: (t) => t.runs, cell: (t) => t.runs },
];

const SLOWER: SortableColumn<SlowTest>[] = [
  testColumn<SlowTest>(),
  { key: "p50", label: "p50 now", numeric: true, sortValue: (t) => t.p50Ms, cell: (t) => formatMs(t.p50Ms) },
  { key: "before", label: "Before", numeric: true, sortValue: (t) => t.previousP50Ms, cell: (t) => formatMs(t.previousP50Ms) },
  { key: "change", label: "Change", numeric: true, sortValue: (t) => t.change, cell: (t) => <span className="font-semibold text-bad">{signedPercent(t.change)}</span> },
];

function Panel({ title, note, testId, empty, emptyText, children, wide }: { title: string; note: ReactNode; testId: string; empty: boolean; emptyText: string; children: ReactNode; wide?: boolean }) {
  return (
    <section data-testid={testId} className={`min-w-0 rounded-lg border border-line bg-surface pb-1 ${wide ? "lg:col-span-2" : ""}`}>
      <h3 className="px-4 pt-3 text-base font-semibold text-ink">{title}</h3>
      <p className="px-4 text-xs text-muted">{note}</p>
      {empty ? <p className="px-4 py-6 text-center text-sm text-muted">{emptyText}</p> : <div className="mt-2">{children}</div>}
    </section>
  );
}

function Notice({ testId, children }: { testId: string; children: ReactNode }) {
  return (
    <div role="status" data-testid={testId} className="rounded-md border border-dashed border-line-strong bg-surface p-6 text-center text-sm text-muted">
      {children}
    </div>
  );
}

function TestsBody({ data }: { data: ServiceTestsData }) {
  const days = data.params.period;
  const waiting = formatCount(data.reportsWaiting);
  if (data.reportedPipelines === 0) {
    if (data.reportsWaiting > 0)
      return (
        <Notice testId="service-tests-catching-up">
          Still catching up: {waiting} test reports left to read. The tests show here as Stageboard reads them.
        </Notice>
      );
    return data.hasResults ? (
      <Notice testId="service-tests-none">No test report on main in the last {days} days.</Notice>
    ) : (
      <Notice testId="service-tests-none">
        No test reports yet. They show here once the service&apos;s pipelines publish JUnit reports and Stageboard has read them.
      </Notice>
    );
  }
  const sample = data.durationSample;
  return (
    <div className="space-y-3">
      {data.reportsWaiting > 0 && (
        <p role="status" data-testid="service-tests-waiting" className="text-xs text-muted">
          Test reports catching up: {waiting} left.
        </p>
      )}
      <div className="grid gap-4 lg:grid-cols-2">
        <Panel
          title="Test count"
          testId="test-count-trend"
          wide
          note={`Tests in each main pipeline's report (its child pipelines' too), ${formatCount(data.reportedPipelines)} pipelines in the last ${days} days.`}
          empty={data.trend.length === 0}
          emptyText="No test report on main in this period."
        >
          <div className="px-2">
            <TestCountChart points={data.trend} />
          </div>
        </Panel>
        <Panel
          title="Failing tests"
          testId="failing-tests"
          note="Main pipelines of the period where it failed, a failure its job's retry then passed included."
          empty={data.failing.length === 0}
          emptyText="No test failed on main in this period."
        >
          <SortableTable caption="Tests that failed most on main" testId="failing-tests" columns={FAILING} rows={data.failing} rowKey={(t) => t.id} rowTestId="failing-test" initialSort={{ key: "failures", desc: true }} />
        </Panel>
        <Panel
          title="Flaky tests"
          testId="flaky-tests"
          note={`${TEST_FLAKE_RULE} Flip rate: how often its outcome changed from one main run to the next.`}
          empty={data.flaky.length === 0}
          emptyText="No flaky test in this period."
        >
          <SortableTable caption="Flaky tests" testId="flaky-tests" columns={FLAKY} rows={data.flaky} rowKey={(t) => t.id} rowTestId="flaky-test" initialSort={{ key: "commits", desc: true }} />
        </Panel>
        <Panel
          title="Slowest tests"
          testId="slowest-tests"
          note={`Median duration on main, over ${sample.pipelines} pipelines spread across the period (at most ${sample.max}).`}
          empty={data.slowest.length === 0}
          emptyText="No durations in this period."
        >
          <SortableTable caption="Slowest tests on main" testId="slowest-tests" columns={SLOWEST} rows={data.slowest} rowKey={(t) => t.id} rowTestId="slowest-test" initialSort={{ key: "p50", desc: true }} />
        </Panel>
        <Panel
          title="Got slower"
          testId="slower-tests"
          note={`Median now against the ${days} days before (${sample.previousPipelines} pipelines), slower by ${Math.round(SLOWER_MIN_CHANGE * 100)}% and ${SLOWER_MIN_MS} ms at least.`}
          empty={data.slower.length === 0}
          emptyText={sample.previousPipelines === 0 ? `No test report on main in the ${days} days before to compare with.` : "No test got slower."}
        >
          <SortableTable caption="Tests slower than in the previous period" testId="slower-tests" columns={SLOWER} rows={data.slower} rowKey={(t) => t.id} rowTestId="slower-test" initialSort={{ key: "change", desc: true }} />
        </Panel>
      </div>
    </div>
  );
}

function TestsSkeleton() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading the tests" className="grid gap-4 lg:grid-cols-2">
      <div className="h-52 animate-pulse rounded-lg bg-line lg:col-span-2" />
      {[0, 1, 2, 3].map((i) => (
        <div key={i} className="h-48 animate-pulse rounded-lg bg-line" />
      ))}
    </div>
  );
}

/** The section's heading, and a link to the service's tests on /tests. */
function Frame({ service, period, children }: { service: string; period: Period; children: ReactNode }) {
  return (
    <section data-testid="service-tests" aria-labelledby="service-tests-title" className="space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
        <h2 id="service-tests-title" className="text-lg font-semibold text-ink">
          Tests
        </h2>
        <p className="text-xs text-muted">
          From GitLab&apos;s test reports, on main, last {period} days ·{" "}
          <Link href={`/tests?service=${encodeURIComponent(service)}&view=failing&period=${period}`} className="text-link underline">
            every test of {service}
          </Link>
        </p>
      </div>
      {children}
    </section>
  );
}

/** The section while the server's answer streams in. */
export function TestsLoading({ service, period }: { service: string; period: Period }) {
  return (
    <Frame service={service} period={period}>
      <TestsSkeleton />
    </Frame>
  );
}

/**
 * The service's tests over the page's period: its own answer and refresh beside the page's, so
 * its bigger reads never hold back the pipelines and jobs above it.
 */
export function TestsSection({ service, period, initialData, refreshIntervalMs }: Props) {
  const initial = initialData && initialData.params.period === period ? initialData : undefined;
  const query = usePageQuery({
    queryKey: ["service-tests", service, period],
    url: serviceTestsUrl(service, period),
    initialData: initial,
    generatedAt: (data) => data.generatedAt,
    refreshIntervalMs,
    keepPreviousData: true,
  });
  return (
    <Frame service={service} period={period}>
      <PageState query={query} subject="tests" refreshIntervalMs={refreshIntervalMs} skeleton={<TestsSkeleton />}>
        {(data) => <TestsBody data={data} />}
      </PageState>
    </Frame>
  );
}
