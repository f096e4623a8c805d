"use client";

import Link from "next/link";
import { PageState } from "../data/PageState";
import { usePageQuery } from "../data/usePageQuery";
import { formatCount } from "../format/number";
import { RelativeTime } from "../time/RelativeTime";
import { TEST_FLAKE_RULE } from "@/lib/domain/metrics/test-flakes";
import type { TestFailureRow, TestPageData, TestRunPoint } from "@/lib/pages/test/types";
import { DurationTrend } from "./DurationTrend";
import { TestNotFound, TestSkeleton } from "./TestStates";

interface Props {
  id: number;
  initialData: TestPageData | null;
  refreshIntervalMs: number;
}

const STATUS_LOOK: Record<string, string> = {
  success: "bg-emerald-600",
  failed: "bg-red-600",
  error: "bg-red-800",
  skipped: "bg-line-strong",
};

const ms = (value: number) => (value >= 1000 ? `${(value / 1000).toFixed(value >= 10_000 ? 0 : 1)} s` : `${value} ms`);
const percent = (rate: number) => `${(rate * 100).toFixed(rate > 0 && rate < 0.1 ? 1 : 0)}%`;

function Strip({ points }: { points: TestRunPoint[] }) {
  if (points.length === 0) return <p className="text-sm text-muted">No result on main yet.</p>;
  return (
    <ol className="flex flex-wrap gap-0.5" aria-label="Last results on main, oldest first" data-testid="test-strip">
      {points.map((p) => (
        <li key={p.pipelineId} data-status={p.status}>
          <Link
            href={`/pipelines/${p.pipelineId}`}
            title={`#${p.iid}: ${p.status}, ${ms(p.durationMs)}`}
            className={`block h-5 w-2.5 rounded-sm ${STATUS_LOOK[p.status] ?? "bg-line"} hover:opacity-80`}
          >
            <span className="sr-only">
              Pipeline #{p.iid}: {p.status}
            </span>
          </Link>
        </li>
      ))}
    </ol>
  );
}

function Failure({ failure }: { failure: TestFailureRow }) {
  return (
    <li className="border-t border-line py-2" data-testid="test-failure">
      <div className="flex flex-wrap items-baseline gap-x-2 text-sm">
        <Link href={`/pipelines/${failure.pipelineId}`} className="font-medium text-link hover:underline">
          Pipeline #{failure.iid}
        </Link>
        <span className="break-all text-muted">{failure.ref}</span>
        <RelativeTime value={failure.createdAt} className="text-xs text-muted" />
        {failure.status === "passed on retry" && <span className="rounded bg-warn-soft px-1.5 text-xs text-warn">passed on retry</span>}
      </div>
      <pre className="mt-1 max-h-32 overflow-auto whitespace-pre-wrap break-words rounded bg-subtle p-2 font-mono text-xs text-body">{failure.firstLines}</pre>
    </li>
  );
}

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="rounded-md border border-line bg-surface px-3 py-2">
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums text-ink" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

/** One test's history: its last results on main, duration trend, flakiness, and every failure Stageboard keeps. */
export function TestView({ id, initialData, refreshIntervalMs }: Props) {
  const pageQuery = usePageQuery({
    queryKey: ["test", id],
    url: `/api/tests/${id}`,
    initialData,
    generatedAt: (data) => data.generatedAt,
    refreshIntervalMs,
    notFoundIsFinal: true,
  });
  return (
    <PageState
      query={pageQuery}
      subject="test"
      refreshIntervalMs={refreshIntervalMs}
      skeleton={<TestSkeleton />}
      notFound={<TestNotFound />}
    >
      {(data) => (
        <div className="space-y-4" data-testid="test-page">
          <header className="rounded-lg border border-line bg-surface p-4">
            <p className="text-sm text-muted">
              <Link href={`/services/${encodeURIComponent(data.test.service)}`} className="text-link underline">
                {data.test.service}
              </Link>{" "}
              · {data.test.suite}
            </p>
            <h1 className="mt-1 break-words text-lg font-semibold text-ink" data-testid="test-name">
              {data.test.name}
            </h1>
            <p className="mt-0.5 break-all font-mono text-xs text-muted">
              {data.test.classname}
              {data.test.file && data.test.file !== data.test.classname ? ` · ${data.test.file}` : ""}
            </p>
          </header>
          <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4">
            <Figure label="Runs kept" value={formatCount(data.runs)} />
            <Figure label="Failed runs" value={formatCount(data.failedRuns)} testId="test-failed-runs" />
            <Figure label="Flaky commits" value={`${data.flakes.flakyCommits} of ${formatCount(data.flakes.commits)}`} testId="test-flaky-commits" />
            <Figure label="Flip rate on main" value={percent(data.flakes.mainFlipRate)} />
          </dl>
          <p className="text-xs text-muted">Flaky: {TEST_FLAKE_RULE} Flip rate: how often its main result changed from one run to the next.</p>
          <section className="rounded-lg border border-line bg-surface p-4" aria-labelledby="strip-heading">
            <h2 id="strip-heading" className="mb-2 text-base font-semibold text-ink">
              Last {data.mainStrip.length} results on main
            </h2>
            <Strip points={data.mainStrip} />
          </section>
          <section className="rounded-lg border border-line bg-surface p-4" aria-labelledby="trend-heading">
            <h2 id="trend-heading" className="mb-2 text-base font-semibold text-ink">
              Duration (daily median)
            </h2>
            <DurationTrend points={data.durationTrend} />
          </section>
          <section className="rounded-lg border border-line bg-surface p-4" aria-labelledby="failures-heading" data-testid="test-failures">
            <h2 id="failures-heading" className="text-base font-semibold text-ink">
              Where it failed
            </h2>
            {data.firstFailure ? (
              <p className="mt-1 text-sm text-body" data-testid="test-first-failure">
                First failure kept:{" "}
                <Link href={`/pipelines/${data.firstFailure.pipelineId}`} className="text-link underline">
                  #{data.firstFailure.iid}
                </Link>{" "}
                on {data.firstFailure.ref}, <RelativeTime value={data.firstFailure.createdAt} />
              </p>
            ) : (
              <p className="mt-1 text-sm text-muted">It has not failed in the history Stageboard keeps.</p>
            )}
            <ul className="mt-2">
              {data.failures.map((f) => (
                <Failure key={f.pipelineId} failure={f} />
              ))}
            </ul>
          </section>
        </div>
      )}
    </PageState>
  );
}
