import "server-only";
import { getDb } from "@/lib/platform/db/client";
import { getTestPage } from "./query";
import type { TestPageData } from "./types";

/** One test's page from the running server's database. */
export function loadTestPage(id: number): Promise<TestPageData | null> {
  return getTestPage(getDb(), id);
}
