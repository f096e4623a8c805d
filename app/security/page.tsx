import type { Metadata } from "next";
import { publicConfig } from "@/lib/platform/config";
import { serverConfig } from "@/lib/platform/config/server";
import { logger } from "@/lib/platform/log";
import { parseSecurityQuery } from "@/lib/pages/security/params";
import { loadSecurityPage } from "@/lib/pages/security/server";
import type { SecurityPageData } from "@/lib/pages/security/types";
import { SecurityBoard } from "@/components/security/SecurityBoard";
import { viewerScope } from "@/lib/web/auth/viewer";
import { errorMessage } from "@/lib/domain/error-message";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Security · Stageboard" };

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function SecurityPage({ searchParams }: Props) {
  const parsed = parseSecurityQuery(await searchParams);
  if (!parsed.ok) {
    return (
      <div role="alert" data-testid="security-page" className="rounded-md border border-warn-line bg-warn-soft p-4 text-sm text-warn">
        <p className="font-medium">These filters are not valid: {parsed.message}</p>
        <a href="/security" className="mt-2 inline-block text-link hover:underline">
          Show all findings without filters
        </a>
      </div>
    );
  }
  const { refreshIntervalMs } = publicConfig(serverConfig());
  let initialData: SecurityPageData | null = null;
  try {
    initialData = await loadSecurityPage(parsed.params, await viewerScope());
  } catch (error) {
    // Render anyway; the browser keeps retrying through the API route.
    logger.error({ err: errorMessage(error) }, "security page query failed");
  }
  return <SecurityBoard params={parsed.params} initialData={initialData} refreshIntervalMs={refreshIntervalMs} />;
}
