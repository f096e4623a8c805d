import Link from "next/link";
import type { PipelineFailedTest, PipelineTests } from "@/lib/pages/pipelines/types";
import { TEST_FLAKE_RULE } from "@/lib/domain/metrics/test-flakes";

/*
 * The run's failed tests by suite, from GitLab's full test report: the failure's first lines, new on
 * the ref or failing since an earlier pipeline, the flake rule's mark, the job log, and the test's page.
 */

function Since({ test }: { test: PipelineFailedTest }) {
  if (test.status === "passed on retry") return <span className="rounded bg-warn-soft px-1.5 py-0.5 text-xs text-warn">passed on retry</span>;
  if (test.since === null) {
    return (
      <span className="rounded bg-bad-soft px-1.5 py-0.5 text-xs text-bad" data-testid="test-new" title="The first failure of this test on this ref">
        new
      </span>
    );
  }
  return (
    <span className="text-xs text-muted">
      failing since{" "}
      <Link href={`/pipelines/${test.since.pipelineId}`} className="text-link underline">
        #{test.since.iid}
      </Link>
    </span>
  );
}

function FailedTest({ test }: { test: PipelineFailedTest }) {
  return (
    <li className="border-t border-line py-2" data-testid="failed-test" data-test-id={test.testId}>
      <div className="flex min-w-0 flex-wrap items-baseline gap-x-2 gap-y-1">
        <Link href={`/tests/${test.testId}`} className="min-w-0 break-words font-medium text-link hover:underline" data-testid="failed-test-link">
          {test.name}
        </Link>
        <Since test={test} />
        {test.flaky && (
          <span className="rounded bg-info-soft px-1.5 py-0.5 text-xs text-info" title={TEST_FLAKE_RULE} data-testid="test-flaky">
            flaky
          </span>
        )}
        {test.status === "error" && <span className="text-xs text-bad">error</span>}
      </div>
      <div className="mt-0.5 break-all font-mono text-xs text-muted">{test.classname}</div>
      <pre className="mt-1 max-h-40 overflow-auto whitespace-pre-wrap break-words rounded bg-subtle p-2 font-mono text-xs text-body">{test.firstLines}</pre>
      {test.jobWebUrl && (
        <a href={test.jobWebUrl} target="_blank" rel="noopener noreferrer" className="mt-1 inline-block text-xs text-link hover:underline">
          Job log<span className="sr-only"> (opens in a new tab)</span>
          <span aria-hidden> ↗</span>
        </a>
      )}
    </li>
  );
}

export function FailedTests({ tests }: { tests: PipelineTests }) {
  if (tests.failedTotal === 0 && tests.reportError === null) return null;
  return (
    <section className="rounded-lg border border-line bg-surface p-4" aria-labelledby="failed-tests-heading" data-testid="failed-tests">
      <h2 id="failed-tests-heading" className="text-base font-semibold text-ink">
        Failed tests <span className="font-normal tabular-nums text-muted">({tests.failedTotal.toLocaleString()})</span>
      </h2>
      {tests.reportError && (
        <p role="note" className="mt-1 text-sm text-bad">
          ⚠ GitLab&apos;s test report could not be read: {tests.reportError}
        </p>
      )}
      <p className="mt-1 text-xs text-muted">Flaky: {TEST_FLAKE_RULE}</p>
      {tests.suites.map(({ suite, tests: list }) => (
        <div key={suite} className="mt-3">
          <h3 className="text-sm font-semibold text-body">
            {suite} <span className="font-normal text-muted">· {list.length}</span>
          </h3>
          <ul>
            {list.map((t) => (
              <FailedTest key={`${t.pipelineId}-${t.testId}`} test={t} />
            ))}
          </ul>
        </div>
      ))}
      {tests.failedTotal > tests.suites.reduce((n, s) => n + s.tests.length, 0) && (
        <p className="mt-2 text-xs text-muted">Only the first {tests.suites.reduce((n, s) => n + s.tests.length, 0)} are listed.</p>
      )}
    </section>
  );
}
