import type { Metadata } from "next";
import { publicConfig } from "@/lib/platform/config";
import { serverConfig } from "@/lib/platform/config/server";
import { logger } from "@/lib/platform/log";
import { loadDeploymentsPage } from "@/lib/pages/deployments/server";
import { PERIODS, parsePeriod, type DeploymentsPageData } from "@/lib/pages/deployments/types";
import { DeploymentsView } from "@/components/deployments/DeploymentsView";
import { viewerScope } from "@/lib/web/auth/viewer";
import { errorMessage } from "@/lib/domain/error-message";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Deployments · Stageboard" };

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function DeploymentsPage({ searchParams }: Props) {
  const raw = (await searchParams).days;
  const days = parsePeriod(typeof raw === "string" ? raw : null);
  if (days === null) {
    return (
      <div role="alert" className="rounded-md border border-warn-line bg-warn-soft p-4 text-sm text-warn">
        <p className="font-medium">The period must be {PERIODS.join(", ")} days.</p>
        <a href="/deployments" className="mt-2 inline-block text-link hover:underline">
          Show the last 30 days
        </a>
      </div>
    );
  }
  const { refreshIntervalMs } = publicConfig(serverConfig());
  let initialData: DeploymentsPageData | null = null;
  try {
    initialData = await loadDeploymentsPage(days, await viewerScope());
  } catch (error) {
    // Render anyway; the browser keeps retrying through /api/deployments.
    logger.error({ err: errorMessage(error) }, "deployments query failed");
  }
  return <DeploymentsView initialData={initialData} refreshIntervalMs={refreshIntervalMs} />;
}
