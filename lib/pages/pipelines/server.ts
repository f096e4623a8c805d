import "server-only";
import type { ViewerScope } from "@/lib/domain/access";
import { getDb } from "@/lib/platform/db/client";
import { getPipelinePage } from "./query";
import { pipelinePageFor } from "./scope";
import type { PipelinePageData } from "./types";

/** The pipeline page's data from the running server's database, as `scope` may see it. */
export async function loadPipelinePage(id: number, scope: ViewerScope): Promise<PipelinePageData | null> {
  return pipelinePageFor(await getPipelinePage(getDb(), id), scope);
}
