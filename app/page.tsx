import type { Metadata } from "next";
import { publicConfig } from "@/lib/platform/config";
import { serverConfig } from "@/lib/platform/config/server";
import { logger } from "@/lib/platform/log";
import { loadOverview } from "@/lib/pages/overview/server";
import type { OverviewData } from "@/lib/pages/overview/types";
import { OverviewBoard } from "@/components/overview/OverviewBoard";
import { viewerScope } from "@/lib/web/auth/viewer";
import { errorMessage } from "@/lib/domain/error-message";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Overview · Stageboard" };

export default async function OverviewPage() {
  const { refreshIntervalMs } = publicConfig(serverConfig());
  let initialData: OverviewData | null = null;
  try {
    initialData = await loadOverview(await viewerScope());
  } catch (error) {
    // Render the page anyway; the browser keeps retrying through /api/overview.
    logger.error({ err: errorMessage(error) }, "overview query failed");
  }
  return (
    <>
      <h1 className="sr-only">Overview</h1>
      <OverviewBoard initialData={initialData} refreshIntervalMs={refreshIntervalMs} />
    </>
  );
}
