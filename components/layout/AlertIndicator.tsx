"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import type { AlertCount } from "@/lib/pages/alerts/types";
import { fetchPageData } from "@/components/data/fetchPageData";

/** The header's "Alerts" link with how many fire now; refreshed like the pages. */
export function AlertIndicator({ refreshIntervalMs }: { refreshIntervalMs: number }) {
  const { data } = useQuery({
    queryKey: ["alert-count"],
    queryFn: () => fetchPageData<AlertCount>("/api/alerts/count"),
    refetchInterval: refreshIntervalMs,
    staleTime: refreshIntervalMs,
    retry: false,
  });
  const firing = data?.firing ?? 0;
  return (
    <Link
      href="/alerts"
      data-testid="alert-indicator"
      data-firing={firing}
      aria-label={data ? `Alerts: ${firing} firing` : "Alerts"}
      className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2.5 py-0.5 text-sm ring-1 ${
        firing > 0 ? "bg-bad-soft text-bad ring-bad-line" : "text-body ring-line-strong hover:bg-subtle"
      }`}
    >
      Alerts
      {data && (
        <span className={`rounded-full px-1.5 text-xs font-semibold ${firing > 0 ? "bg-bad text-on-solid" : "bg-subtle text-muted"}`}>{firing}</span>
      )}
    </Link>
  );
}
