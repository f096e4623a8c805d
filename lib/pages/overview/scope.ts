import { canSee, type ViewerScope } from "@/lib/domain/access";
import { summariseSync } from "./query";
import type { OverviewData } from "./types";

/** The overview as this viewer may see it: their services only, the sync summary over those. */
export function overviewFor(data: OverviewData, scope: ViewerScope): OverviewData {
  if (scope.services === "all") return data;
  const services = data.services.filter((s) => canSee(scope, s.name));
  return { ...data, services, sync: summariseSync(services), access: { problem: scope.problem ?? null } };
}
