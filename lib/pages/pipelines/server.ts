import "server-only";
import { getDb } from "@/lib/platform/db/client";
import { getPipelinePage } from "./query";
import type { PipelinePageData } from "./types";

/** The pipeline page's data from the running server's database. */
export function loadPipelinePage(id: number): Promise<PipelinePageData | null> {
  return getPipelinePage(getDb(), id);
}
