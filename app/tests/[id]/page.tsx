import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { publicConfig } from "@/lib/platform/config";
import { serverConfig } from "@/lib/platform/config/server";
import { logger } from "@/lib/platform/log";
import { parseTestId } from "@/lib/pages/test/query";
import { loadTestPage } from "@/lib/pages/test/server";
import type { TestPageData } from "@/lib/pages/test/types";
import { TestView } from "@/components/test/TestView";
import { viewerScope } from "@/lib/web/auth/viewer";
import { errorMessage } from "@/lib/domain/error-message";

export const dynamic = "force-dynamic";

interface Props {
  params: Promise<{ id: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: `Test ${parseTestId(id) ?? ""}`.trim() };
}

export default async function TestPage({ params }: Props) {
  const id = parseTestId((await params).id);
  if (id === null) notFound();
  const { refreshIntervalMs } = publicConfig(serverConfig());
  let initialData: TestPageData | null = null;
  try {
    initialData = await loadTestPage(id, await viewerScope());
  } catch (error) {
    // Render the page anyway; the browser keeps retrying through /api/tests/{id}.
    logger.error({ err: errorMessage(error), test: id }, "test query failed");
    return <TestView id={id} initialData={null} refreshIntervalMs={refreshIntervalMs} />;
  }
  if (!initialData) notFound();
  return <TestView id={id} initialData={initialData} refreshIntervalMs={refreshIntervalMs} />;
}
