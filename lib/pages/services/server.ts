import "server-only";
import { pageAnswer } from "@/lib/platform/cache/page-answers";
import { getDb } from "@/lib/platform/db/client";
import { getServicePage } from "./query";
import type { ServicePageData, ServicePageParams } from "./types";

/** The service page for the running server's database; null for an unknown service. */
export function loadServicePage(params: ServicePageParams): Promise<ServicePageData | null> {
  return pageAnswer("service", params, () => getServicePage(getDb(), params));
}
