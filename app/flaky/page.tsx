import type { Metadata } from "next";
import Link from "next/link";
import { logger } from "@/lib/platform/log";
import { DEFAULT_FLAKY_DAYS, FLAKY_DAY_CHOICES } from "@/lib/pages/flaky/query";
import { loadFlakyJobs } from "@/lib/pages/flaky/server";
import type { FlakyJobsData } from "@/lib/pages/flaky/types";
import { FlakyTable } from "@/components/flaky/FlakyTable";
import { viewerScope } from "@/lib/web/auth/viewer";
import { errorMessage } from "@/lib/domain/error-message";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Flaky jobs" };

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function FlakyPage({ searchParams }: Props) {
  const raw = (await searchParams).days;
  const asked = Number(Array.isArray(raw) ? raw[0] : raw);
  const days = (FLAKY_DAY_CHOICES as readonly number[]).includes(asked) ? asked : DEFAULT_FLAKY_DAYS;
  let data: FlakyJobsData | null = null;
  try {
    data = await loadFlakyJobs(days, await viewerScope());
  } catch (error) {
    logger.error({ err: errorMessage(error) }, "flaky jobs query failed");
  }
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline gap-4">
        <h1 className="text-lg font-semibold text-ink">Flaky jobs</h1>
        <p className="text-sm text-muted">
          Jobs that failed and then passed on a retry within the same pipeline, across all services.
        </p>
        <nav aria-label="Time window" className="ml-auto flex gap-1 text-sm">
          {FLAKY_DAY_CHOICES.map((choice) => (
            <Link
              key={choice}
              href={`/flaky?days=${choice}`}
              aria-current={choice === days ? "page" : undefined}
              className={`rounded px-2 py-0.5 ${choice === days ? "bg-solid text-on-solid" : "text-body ring-1 ring-line-strong hover:bg-subtle"}`}
            >
              {choice} days
            </Link>
          ))}
        </nav>
      </div>
      {data ? (
        <FlakyTable jobs={data.jobs} days={data.days} />
      ) : (
        <div role="alert" className="rounded-md border border-bad-line bg-bad-soft p-4 text-sm text-bad">
          The flaky jobs could not be loaded: the database is not answering. Reload to try again.
        </div>
      )}
    </div>
  );
}
