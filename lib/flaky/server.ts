import "server-only";
import { pageAnswer } from "@/lib/cache/page-answers";
import { getDb } from "@/lib/db/client";
import { getFlakyJobs } from "./query";
import type { FlakyJobsData } from "./types";

export function loadFlakyJobs(days: number): Promise<FlakyJobsData> {
  return pageAnswer("flaky", days, () => getFlakyJobs(getDb(), { days }));
}
