import { TestsSection } from "@/components/services/TestsSection";
import type { Period, ServiceTestsData } from "@/lib/pages/services/types";

interface Props {
  service: string;
  period: Period;
  /** Started by the page before its own data, awaited only here, inside the section's Suspense. */
  data: Promise<ServiceTestsData | null>;
  refreshIntervalMs: number;
}

/** The service page's Tests section once the server has its answer: streamed after the rest of the page. */
export async function ServiceTestsSlot({ service, period, data, refreshIntervalMs }: Props) {
  return <TestsSection service={service} period={period} initialData={await data} refreshIntervalMs={refreshIntervalMs} />;
}
