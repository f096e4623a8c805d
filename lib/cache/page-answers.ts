import "server-only";
import { serverConfig } from "@/lib/config/server";
import { createSharedAnswers, type SharedAnswers } from "./shared-answer";

/** At most 2 s, and never more than half the pages' refresh interval. */
function ttlMs(): number {
  return Math.min(2_000, (serverConfig().uiRefreshSeconds * 1000) / 2);
}

let answers: SharedAnswers | undefined;

/** The page loaders' shared answers (see shared-answer.ts), keyed by page and parameters. */
export function pageAnswer<T>(page: string, params: unknown, compute: () => Promise<T>): Promise<T> {
  answers ??= createSharedAnswers(ttlMs());
  return answers.get(`${page} ${JSON.stringify(params)}`, compute);
}
