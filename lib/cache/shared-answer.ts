/*
 * Page data changes only when the sync writes, a few times a minute at most, while every open page
 * asks again every few seconds. So concurrent requests for the same page share one query (single
 * flight), and its answer serves the same question for a moment after. Errors are not kept.
 */

interface Entry<T> {
  promise: Promise<T>;
  /** When the answer stops being served (epoch ms); Infinity while it is being computed. */
  expiresAt: number;
}

export interface SharedAnswers {
  get<T>(key: string, compute: () => Promise<T>): Promise<T>;
  clear(): void;
}

export function createSharedAnswers(ttlMs: number, maxEntries = 500, now: () => number = Date.now): SharedAnswers {
  const entries = new Map<string, Entry<unknown>>();
  return {
    get<T>(key: string, compute: () => Promise<T>): Promise<T> {
      const t = now();
      const hit = entries.get(key);
      if (hit && hit.expiresAt > t) return hit.promise as Promise<T>;
      if (entries.size >= maxEntries) {
        for (const [k, e] of entries) if (e.expiresAt <= t) entries.delete(k);
        if (entries.size >= maxEntries) entries.clear();
      }
      const entry: Entry<T> = { promise: compute(), expiresAt: Infinity };
      entries.set(key, entry);
      entry.promise.then(
        () => {
          entry.expiresAt = now() + ttlMs;
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
