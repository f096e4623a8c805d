import "server-only";
import { canSee, type ViewerScope } from "@/lib/domain/access";
import { pageAnswer } from "@/lib/platform/cache/page-answers";
import { getDb } from "@/lib/platform/db/client";
import { getServicePage } from "./query";
import { getServiceTests } from "./tests-query";
import type { ServicePageData, ServicePageParams, ServiceTestsData, ServiceTestsParams } from "./types";

/** The service page for the running server's database; null for an unknown service or one `scope` may not see. */
export async function loadServicePage(params: ServicePageParams, scope: ViewerScope): Promise<ServicePageData | null> {
  // Answered like an unknown service: whether a project one cannot read exists is not for them to learn.
  if (!canSee(scope, params.service)) return null;
  return pageAnswer("service", params, () => getServicePage(getDb(), params));
}

/** The service page's Tests section, answered apart from the rest of the page; null as for loadServicePage. */
export async function loadServiceTests(params: ServiceTestsParams, scope: ViewerScope): Promise<ServiceTestsData | null> {
  if (!canSee(scope, params.service)) return null;
  return pageAnswer("service-tests", params, () => getServiceTests(getDb(), params));
}
