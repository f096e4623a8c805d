import "server-only";
import { canSee, type ViewerScope } from "@/lib/domain/access";
import { getDb } from "@/lib/platform/db/client";
import { getTestPage } from "./query";
import type { TestPageData } from "./types";

/** One test's page from the running server's database; null when unknown or of a service `scope` may not see. */
export async function loadTestPage(id: number, scope: ViewerScope): Promise<TestPageData | null> {
  const page = await getTestPage(getDb(), id);
  return page && canSee(scope, page.test.service) ? page : null;
}
