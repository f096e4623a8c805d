import "server-only";
import { canSee, type ViewerScope } from "@/lib/domain/access";
import { pageAnswer } from "@/lib/platform/cache/page-answers";
import { getDb } from "@/lib/platform/db/client";
import { getServicePage } from "./query";
import type { ServicePageData, ServicePageParams } from "./types";

/** The service page for the running server's database; null for an unknown service or one `scope` may not see. */
export async function loadServicePage(params: ServicePageParams, scope: ViewerScope): Promise<ServicePageData | null> {
  // Answered like an unknown service: whether a project one cannot read exists is not for them to learn.
  if (!canSee(scope, params.service)) return null;
  return pageAnswer("service", params, () => getServicePage(getDb(), params));
}
