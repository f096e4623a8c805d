import "server-only";
import type { ViewerScope } from "@/lib/domain/access";
import { pageAnswer } from "@/lib/platform/cache/page-answers";
import { getDb } from "@/lib/platform/db/client";
import { toTestsQuery, type TestsPageParams } from "./params";
import { EXPORT_LIMIT, getTestRows, getTestsPage } from "./query";
import type { TestListRow, TestsPageData } from "./types";

const withinOf = (scope: ViewerScope) => (scope.services === "all" ? undefined : [...scope.services].sort());

/** /tests over the services `scope` may see. */
export function loadTestsPage(params: TestsPageParams, scope: ViewerScope): Promise<TestsPageData> {
  const within = withinOf(scope);
  return pageAnswer("tests", { query: toTestsQuery(params), within }, () => getTestsPage(getDb(), params, within));
}

export async function loadTestsExport(params: TestsPageParams, scope: ViewerScope): Promise<TestListRow[]> {
  return (await getTestRows(getDb(), params, EXPORT_LIMIT, withinOf(scope))).rows;
}
