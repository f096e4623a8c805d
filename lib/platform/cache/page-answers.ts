import "server-only";
import { serverConfig } from "../config/server";
import { createSharedAnswers, type SharedAnswers } from "./shared-answer";

/** At most 2 s, and never more than half the pages' refresh interval. */
function ttlMs(): number {
  return Math.min(2_000, (serverConfig().uiRefreshSeconds * 1000) / 2);
}

/** How long past that an answer is still served while a newer one is computed. */
const STALE_MS = 10_000;

let answers: SharedAnswers | undefined;

/** The page loaders' shared answers (see shared-answer.ts), keyed by page and parameters. */
export function pageAnswer<T>(page: string, params: unknown, compute: () => Promise<T>): Promise<T> {
  answers ??= createSharedAnswers({ ttlMs: ttlMs(), staleMs: STALE_MS });
  return answers.get(`${page} ${JSON.stringify(params)}`, compute);
}

const serialized = new WeakMap<object, Uint8Array<ArrayBuffer>>();
const utf8 = new TextEncoder();

/**
 * The JSON of a shared page answer, as UTF-8, made once per answer rather than once per request:
 * every request served the same answer gets the same object, so its JSON is kept beside it.
 */
export function answerJson(answer: object): Uint8Array<ArrayBuffer> {
  let json = serialized.get(answer);
  if (json === undefined) {
    json = utf8.encode(JSON.stringify(answer));
    serialized.set(answer, json);
  }
  return json;
}
