import "server-only";
import { pageAnswer } from "@/lib/platform/cache/page-answers";
import { getDb } from "@/lib/platform/db/client";
import { getFlakyJobs } from "./query";
import type { FlakyJobsData } from "./types";

export function loadFlakyJobs(days: number): Promise<FlakyJobsData> {
  return pageAnswer("flaky", days, () => getFlakyJobs(getDb(), { days }));
}
