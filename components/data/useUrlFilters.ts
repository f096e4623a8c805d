"use client";

import { usePathname, useRouter } from "next/navigation";
import { useCallback, useTransition } from "react";

/**
 * Filters that live in the URL, so a link reproduces the view and the back button works: the
 * query string of the current filters, links for other filters, and a setter that pushes a new URL
 * (starting at the first page) without scrolling.
 */
export function useUrlFilters<P extends { page: number }>(params: P, toQuery: (params: P) => string) {
  const router = useRouter();
  const pathname = usePathname();
  const [navigating, startTransition] = useTransition();
  const query = toQuery(params);

  const hrefFor = useCallback(
    (patch: Partial<P>) => {
      const next = toQuery({ ...params, ...patch });
      return next ? `${pathname}?${next}` : pathname;
    },
    // params is rebuilt each render from the URL; its query string is the stable identity.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [pathname, query],
  );

  const setFilters = useCallback(
    (patch: Partial<P>) => {
      startTransition(() => router.push(hrefFor({ page: 1, ...patch }), { scroll: false }));
    },
    [router, hrefFor],
  );

  return { query, hrefFor, setFilters, navigating };
}
