import type { AlertRule } from "@/lib/domain/alerts";
import type { RuleEvaluator } from "./context";
import { jobFlaky, mainDurationP95Up, mainPipelineFailed, stageFailingStreak, testFlaky } from "./engineers";
import { devImageBehind, devUnhealthy, imageTagIntegrity } from "./managers";
import { findingAgeNear, findingAgePassed, newCriticalFinding, qualityGateFailed } from "./security";
import { gitlabTokenRejected, gitlabUnreachable, syncBehind } from "./stageboard";

export type { RuleContext, RuleEvaluator } from "./context";

/** Every rule's evaluation, by rule name (lib/domain/alerts/rules.ts lists them). */
export const RULE_EVALUATORS: Readonly<Record<AlertRule, RuleEvaluator>> = {
  main_pipeline_failed: mainPipelineFailed,
  stage_failing_streak: stageFailingStreak,
  job_flaky: jobFlaky,
  test_flaky: testFlaky,
  main_duration_p95_up: mainDurationP95Up,
  new_critical_finding: newCriticalFinding,
  finding_age_near: findingAgeNear,
  finding_age_passed: findingAgePassed,
  quality_gate_failed: qualityGateFailed,
  dev_unhealthy: devUnhealthy,
  dev_image_behind: devImageBehind,
  image_tag_integrity: imageTagIntegrity,
  gitlab_unreachable: gitlabUnreachable,
  gitlab_token_rejected: gitlabTokenRejected,
  sync_behind: syncBehind,
};
