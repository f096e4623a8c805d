import type { Metadata } from "next";
import { publicConfig } from "@/lib/platform/config";
import { serverConfig } from "@/lib/platform/config/server";
import { logger } from "@/lib/platform/log";
import { parseAlertsParams } from "@/lib/pages/alerts/params";
import { loadAlertsPage } from "@/lib/pages/alerts/server";
import type { AlertsPageData } from "@/lib/pages/alerts/types";
import { AlertsView } from "@/components/alerts/AlertsView";
import { viewerScope } from "@/lib/web/auth/viewer";
import { errorMessage } from "@/lib/domain/error-message";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Alerts" };

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function AlertsPage({ searchParams }: Props) {
  const raw = await searchParams;
  const parsed = parseAlertsParams((name) => {
    const v = raw[name];
    return typeof v === "string" ? v : null;
  });
  if (!parsed.ok) {
    return (
      <div role="alert" className="rounded-md border border-warn-line bg-warn-soft p-4 text-sm text-warn">
        <p className="font-medium">{parsed.error}</p>
        <a href="/alerts" className="mt-2 inline-block text-link hover:underline">
          Show all alerts
        </a>
      </div>
    );
  }
  const { refreshIntervalMs } = publicConfig(serverConfig());
  let initialData: AlertsPageData | null = null;
  try {
    initialData = await loadAlertsPage(parsed.filters, await viewerScope());
  } catch (error) {
    logger.error({ err: errorMessage(error) }, "alerts query failed");
  }
  return <AlertsView initialData={initialData} filters={parsed.filters} refreshIntervalMs={refreshIntervalMs} />;
}
