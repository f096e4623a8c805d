"use client";

import { keepPreviousData as keepPrevious, useQuery, type QueryKey } from "@tanstack/react-query";
import { fetchPageData, NotFoundError } from "./fetchPageData";

export interface PageQueryOptions<T> {
  queryKey: QueryKey;
  /** The page's API route, with its query string. */
  url: string;
  /** The server's answer for this key; null or undefined when there is none (database down, other filters). */
  initialData: T | null | undefined;
  /** When the server built an answer: the first refetch comes one interval after that, not on mount. */
  generatedAt(data: T): string;
  refreshIntervalMs: number;
  /** While another key (new filters) loads, keep showing the last answer instead of a blank page. */
  keepPreviousData?: boolean;
  /** A 404 is an answer (the page shows "not found"): no retry and no more refetches. */
  notFoundIsFinal?: boolean;
}

/** A page's data from its API route: the server's answer first, then a refetch every refresh interval. */
export function usePageQuery<T>({ queryKey, url, initialData, generatedAt, refreshIntervalMs, keepPreviousData, notFoundIsFinal }: PageQueryOptions<T>) {
  const initial = initialData ?? undefined;
  return useQuery({
    queryKey,
    queryFn: () => fetchPageData<T>(url),
    initialData: initial,
    initialDataUpdatedAt: initial ? Date.parse(generatedAt(initial)) : undefined,
    // Left out rather than undefined when not asked for: undefined would override the
    // QueryClient's defaults.
    ...(keepPreviousData && { placeholderData: keepPrevious }),
    staleTime: refreshIntervalMs,
    refetchInterval: notFoundIsFinal ? (query) => (query.state.error instanceof NotFoundError ? false : refreshIntervalMs) : refreshIntervalMs,
    ...(notFoundIsFinal && { retry: (failures: number, error: Error) => !(error instanceof NotFoundError) && failures < 1 }),
  });
}
