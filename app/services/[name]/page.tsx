import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { publicConfig } from "@/lib/platform/config";
import { serverConfig } from "@/lib/platform/config/server";
import { logger } from "@/lib/platform/log";
import { parseServicePageQuery } from "@/lib/pages/services/params";
import { loadServicePage, loadServiceTests } from "@/lib/pages/services/server";
import type { ServicePageData } from "@/lib/pages/services/types";
import { ServiceBoard } from "@/components/services/ServiceBoard";
import { TestsLoading } from "@/components/services/TestsSection";
import { ServiceTestsSlot } from "./tests-slot";
import { viewerScope } from "@/lib/web/auth/viewer";
import { errorMessage } from "@/lib/domain/error-message";

export const dynamic = "force-dynamic";

interface Props {
  params: Promise<{ name: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { name } = await params;
  return { title: `${safeDecode(name)} · Stageboard` };
}

/** Route params may arrive percent-encoded; a stray `%` must not crash the page. */
function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export default async function ServicePage({ params, searchParams }: Props) {
  const { name: rawName } = await params;
  const name = safeDecode(rawName);
  const parsed = parseServicePageQuery(name, await searchParams);
  if (!parsed.ok) {
    return (
      <div role="alert" data-testid="service-page" className="rounded-md border border-warn-line bg-warn-soft p-4 text-sm text-warn">
        <p className="font-medium">These filters are not valid: {parsed.message}</p>
        <a href={`/services/${encodeURIComponent(name)}`} className="mt-2 inline-block text-link hover:underline">
          Show {name} without filters
        </a>
      </div>
    );
  }
  const { refreshIntervalMs } = publicConfig(serverConfig());
  const scope = await viewerScope();
  const { period } = parsed.params;
  // Started before the page's own data and awaited only in its Suspense boundary: the section
  // streams in when ready and never holds back the rest of the page.
  const tests = loadServiceTests({ service: name, period }, scope).catch((error: unknown) => {
    // The section then asks the API route itself, and keeps asking.
    logger.error({ err: errorMessage(error), service: name }, "service tests query failed");
    return null;
  });
  let initialData: ServicePageData | null = null;
  let unknown = false;
  try {
    initialData = await loadServicePage(parsed.params, scope);
    unknown = initialData === null;
  } catch (error) {
    // Render anyway; the browser keeps retrying through the API route.
    logger.error({ err: errorMessage(error), service: name }, "service page query failed");
  }
  if (unknown) notFound();
  return (
    <ServiceBoard
      service={name}
      params={parsed.params}
      initialData={initialData}
      refreshIntervalMs={refreshIntervalMs}
      tests={
        <Suspense fallback={<TestsLoading service={name} period={period} />}>
          <ServiceTestsSlot service={name} period={period} data={tests} refreshIntervalMs={refreshIntervalMs} />
        </Suspense>
      }
    />
  );
}
