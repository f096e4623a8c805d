import type { AlertLink, AlertRule, AlertThresholds, RuleVerdict } from "@/lib/domain/alerts";
import type { FindingMaxAgeDays } from "@/lib/platform/config";
import type { Db } from "@/lib/platform/db/client";

/** What every rule reads with: the database only, the time of the evaluation and the settings. */
export interface RuleContext {
  db: Db;
  now: Date;
  /** Configured services, by name (each rule decides for all of them). */
  services: readonly string[];
  thresholds: AlertThresholds;
  findingMaxAgeDays: FindingMaxAgeDays;
}

export type RuleEvaluator = (ctx: RuleContext) => Promise<RuleVerdict>;

export const pipelineLinks = (pipelineId: bigint | number | string, webUrl: string | null): AlertLink[] => [
  { label: "Pipeline in Stageboard", url: `/pipelines/${String(pipelineId)}`, kind: "stageboard" },
  ...(webUrl ? [{ label: "Pipeline in GitLab", url: webUrl, kind: "gitlab" as const }] : []),
];

export const verdict = (rule: AlertRule, ctx: RuleContext, partial: Omit<RuleVerdict, "rule" | "services">, services?: ReadonlyArray<string | null>): RuleVerdict => ({
  rule,
  services: services ?? ctx.services,
  ...partial,
});
