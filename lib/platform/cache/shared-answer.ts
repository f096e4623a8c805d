/*
 * Page data changes only when the sync writes, a few times a minute at most, while every open page
 * asks again every few seconds. So concurrent requests for the same page share one query (single
 * flight), and its answer serves the same question for a moment after (`ttlMs`). Once that moment
 * has passed, the answer is still served for a while longer (`staleMs`) while one newer query runs
 * in the background, so no request waits on the database for a question asked a moment ago.
 * Failures are not kept.
 */

interface Entry<T> {
  promise: Promise<T>;
  /** Until when (epoch ms) the answer is served as is; Infinity while the first query runs. */
  freshUntil: number;
  /** Until when it is still served while a newer answer is computed. */
  staleUntil: number;
  refreshing: boolean;
}

export interface SharedAnswers {
  get<T>(key: string, compute: () => Promise<T>): Promise<T>;
  clear(): void;
}

export interface SharedAnswerOptions {
  ttlMs: number;
  staleMs?: number;
  maxEntries?: number;
  now?: () => number;
}

export function createSharedAnswers({ ttlMs, staleMs = 0, maxEntries = 500, now = Date.now }: SharedAnswerOptions): SharedAnswers {
  const entries = new Map<string, Entry<unknown>>();

  function settled<T>(value: T): Entry<T> {
    const t = now();
    return { promise: Promise.resolve(value), freshUntil: t + ttlMs, staleUntil: t + ttlMs + staleMs, refreshing: false };
  }

  function refresh<T>(key: string, entry: Entry<T>, compute: () => Promise<T>) {
    entry.refreshing = true;
    compute().then(
      (value) => {
        if (entries.get(key) === entry) entries.set(key, settled(value));
      },
      () => {
        // The stale answer stays until its time is up; the next request tries again.
        entry.refreshing = false;
      },
    );
  }

  return {
    get<T>(key: string, compute: () => Promise<T>): Promise<T> {
      const t = now();
      const hit = entries.get(key) as Entry<T> | undefined;
      if (hit && t < hit.freshUntil) return hit.promise;
      if (hit && t < hit.staleUntil) {
        if (!hit.refreshing) refresh(key, hit, compute);
        return hit.promise;
      }
      if (entries.size >= maxEntries) {
        for (const [k, e] of entries) if (e.staleUntil <= t) entries.delete(k);
        if (entries.size >= maxEntries) entries.clear();
      }
      const entry: Entry<T> = { promise: compute(), freshUntil: Infinity, staleUntil: Infinity, refreshing: false };
      entries.set(key, entry);
      entry.promise.then(
        (value) => {
          if (entries.get(key) === entry) entries.set(key, settled(value));
        },
        () => {
          if (entries.get(key) === entry) entries.delete(key);
        },
      );
      return entry.promise;
    },
    clear() {
      entries.clear();
    },
  };
}
