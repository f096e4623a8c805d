import "server-only";
import { canSee, type ViewerScope } from "@/lib/domain/access";
import { pageAnswer } from "@/lib/platform/cache/page-answers";
import { getDb } from "@/lib/platform/db/client";
import { getFlakyJobs } from "./query";
import type { FlakyJobsData } from "./types";

/** Flaky jobs across the services `scope` may see. */
export async function loadFlakyJobs(days: number, scope: ViewerScope): Promise<FlakyJobsData> {
  const all = await pageAnswer("flaky", days, () => getFlakyJobs(getDb(), { days }));
  return scope.services === "all" ? all : { ...all, jobs: all.jobs.filter((job) => canSee(scope, job.service)) };
}
