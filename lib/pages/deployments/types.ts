/*
 * The deployments page's data as it crosses to the browser: plain JSON (ISO-8601 times, numbers for
 * ids and seconds). Client components import these types only — never the query module.
 */
import type { Band } from "@/lib/domain/dora/bands";
import type { DoraFigures } from "@/lib/domain/dora/dora";

export type { Band, DoraFigures };

export const PERIODS = [7, 30, 90] as const;
export type PeriodDays = (typeof PERIODS)[number];
export const DEFAULT_PERIOD: PeriodDays = 30;

export function parsePeriod(raw: string | null | undefined): PeriodDays | null {
  if (raw === null || raw === undefined || raw === "") return DEFAULT_PERIOD;
  const n = Number(raw);
  return (PERIODS as readonly number[]).includes(n) ? (n as PeriodDays) : null;
}

/** One step of a deployment (deploy-dev, migrate-dev, verify-dev); status null = the job never ran. */
export interface StepOutcome {
  status: string | null;
  finishedAt: string | null;
  webUrl: string | null;
}

export interface DeploymentSummary {
  /** GitLab deployment id. */
  id: number;
  status: string;
  ref: string;
  sha: string;
  shortSha: string;
  commitTitle: string | null;
  pipelineId: number | null;
  pipelineIid: number | null;
  pipelineWebUrl: string | null;
  /** IMAGE_TAG from build.env when stored, else the tag the rules give (`main-{sha}`). */
  imageTag: string | null;
  imageTagFromBuild: boolean;
  createdAt: string;
  /** When the deploy finished (or was created, while it runs). */
  at: string;
  deploy: StepOutcome;
  migrate: StepOutcome;
  verify: StepOutcome;
  /** Deployed after a newer pipeline had been deployed: dev went back to an older pipeline. */
  olderPipeline: boolean;
  /** Image tag integrity problems of its pipeline, one per kind. */
  issues: RuleNote[];
}

export interface CiConfigSummary {
  templatesRef: string | null;
  templates: string[];
  problems: string[];
  error: string | null;
  checkedAt: string;
}

export interface ServiceCard {
  service: string;
  /** What runs on dev now: the latest successful deploy-dev. */
  current: DeploymentSummary | null;
  /** Earlier deployments and attempts, newest first. */
  previous: DeploymentSummary[];
  /** Main pipelines created after the one on dev. */
  mainPipelinesBehind: number | null;
  /** Why the card stands out (verify-dev failed, too far behind); empty when it does not. */
  attention: string[];
  ciConfig: CiConfigSummary | null;
}

export interface ReleaseRow {
  service: string;
  pipelineId: number;
  ref: string;
  shortSha: string;
  status: string;
  createdAt: string;
  webUrl: string;
  release: StepOutcome;
}

/** A broken rule said once: a few words, and the whole story for whoever asks. */
export interface RuleNote {
  rule: string;
  /** e.g. "used an earlier build". */
  label: string;
  /** e.g. "push-latest and deploy-dev started before the retried build-push finished, …". */
  detail: string;
}

/** One breach: a pipeline (or a service's .gitlab-ci.yml) and the rule it broke. */
export interface Breach extends RuleNote {
  service: string;
  /** null for a service-level finding (its .gitlab-ci.yml). */
  pipelineId: number | null;
  ref: string | null;
  createdAt: string | null;
  webUrl: string | null;
}

export interface RuleCount {
  rule: string;
  label: string;
  /** What the rule asks. */
  description: string;
  total: number;
  /** Breaches per service name (absent: none). */
  byService: Record<string, number>;
}

/** A section's breaches: counts per rule and service, and every breach, newest first. */
export interface BreachSummary {
  total: number;
  /** The counts' columns: configured services first. */
  services: string[];
  rules: RuleCount[];
  items: Breach[];
}

export interface ServiceFigures {
  service: string;
  figures: DoraFigures;
}

export interface DeliveryFigures {
  periodDays: PeriodDays;
  from: string;
  to: string;
  overall: DoraFigures;
  services: ServiceFigures[];
}

export interface DeploymentsBoard {
  generatedAt: string;
  periodDays: PeriodDays;
  behindThreshold: number;
  services: ServiceCard[];
  releases: ReleaseRow[];
  /** Pipelines and services breaking a branch or template rule (service-level ones first). */
  compliance: BreachSummary;
  /** Pipelines whose image is not (only) the one their build produced, and deploys of older pipelines. */
  integrity: BreachSummary;
}

export interface DeploymentsPageData {
  board: DeploymentsBoard;
  figures: DeliveryFigures;
}
