import "server-only";
import { getDb } from "@/lib/db/client";
import { getFlakyJobs } from "./query";
import type { FlakyJobsData } from "./types";

export function loadFlakyJobs(days: number): Promise<FlakyJobsData> {
  return getFlakyJobs(getDb(), { days });
}
