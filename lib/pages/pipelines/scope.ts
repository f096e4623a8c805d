import { canSee, canSeeSecurity, type ViewerScope } from "@/lib/domain/access";
import { SCAN_TOOLS } from "@/lib/domain/cwiq";
import type { PipelinePageData } from "./types";

const scanners: ReadonlySet<string> = new Set(SCAN_TOOLS);

/**
 * The pipeline page as this viewer may see it: null for a service they cannot read (as if unknown);
 * without the run's findings (scans, SonarQube, DefectDojo) when their role does not show security.
 */
export function pipelinePageFor(data: PipelinePageData | null, scope: ViewerScope): PipelinePageData | null {
  if (!data || !canSee(scope, data.pipeline.service)) return null;
  if (canSeeSecurity(scope, data.pipeline.service)) return data;
  const security = { ...data.security, artifacts: data.security.artifacts.filter((a) => !scanners.has(a.tool)), sonar: null, dojo: null, withheld: true };
  return { ...data, security };
}
