import "server-only";
import { withinScope, type ViewerScope } from "@/lib/domain/access";
import { pageAnswer } from "@/lib/platform/cache/page-answers";
import { getDb } from "@/lib/platform/db/client";
import { toTestsQuery, type TestsPageParams } from "./params";
import { EXPORT_LIMIT, getTestRows, getTestsPage } from "./query";
import type { TestListRow, TestsPageData } from "./types";

/** /tests over the services `scope` may see. */
export function loadTestsPage(params: TestsPageParams, scope: ViewerScope): Promise<TestsPageData> {
  const within = withinScope(scope);
  return pageAnswer("tests", { query: toTestsQuery(params), within }, () => getTestsPage(getDb(), params, within));
}

export async function loadTestsExport(params: TestsPageParams, scope: ViewerScope): Promise<TestListRow[]> {
  return (await getTestRows(getDb(), params, EXPORT_LIMIT, withinScope(scope))).rows;
}
