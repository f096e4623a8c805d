import "server-only";
import { pageAnswer } from "@/lib/platform/cache/page-answers";
import { getDb } from "@/lib/platform/db/client";
import { toTestsQuery, type TestsPageParams } from "./params";
import { EXPORT_LIMIT, getTestRows, getTestsPage } from "./query";
import type { TestListRow, TestsPageData } from "./types";

export function loadTestsPage(params: TestsPageParams): Promise<TestsPageData> {
  return pageAnswer("tests", toTestsQuery(params), () => getTestsPage(getDb(), params));
}

export async function loadTestsExport(params: TestsPageParams): Promise<TestListRow[]> {
  return (await getTestRows(getDb(), params, EXPORT_LIMIT)).rows;
}
