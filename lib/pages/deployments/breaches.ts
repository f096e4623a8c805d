import { breachDetail } from "@/lib/domain/branch-rules/breach-detail";
import { PIPELINE_RULES } from "@/lib/domain/branch-rules/compliance";
import type { Breach, BreachSummary, RuleCount } from "./types";

/*
 * The deployments page says each rule breach once, in a few words, with the whole story on demand,
 * and counts them per rule and service (the page lists the latest few and pages through the rest).
 */

interface RuleWords {
  /** A few words for a list row. */
  label: string;
  /** What the rule asks, for the counts table. */
  rule: string;
}

const WORDS: Record<string, RuleWords> = {
  "ci-templates": { label: ".gitlab-ci.yml off the templates", rule: "A service's .gitlab-ci.yml includes every shared CI template, pinned to a version tag" },
  "main-without-scan": { label: "main skipped the scan stage", rule: PIPELINE_RULES["main-without-scan"] },
  "branch-ran-push": { label: "branch ran the push stage", rule: PIPELINE_RULES["branch-ran-push"] },
  "tag-without-release": { label: "version tag without release", rule: PIPELINE_RULES["tag-without-release"] },
  "branch-deploy-not-manual": { label: "branch deployed automatically", rule: PIPELINE_RULES["branch-deploy-not-manual"] },
  "earlier-build": {
    label: "used an earlier build",
    rule: "push-latest, trivy-image-scan and deploy-dev use the image of the pipeline's last successful build-push",
  },
  "tag-mismatch": { label: "IMAGE_TAG is not main-{sha}", rule: "build.env says IMAGE_TAG=main-{sha} on main" },
  "sha-mismatch": { label: "deployed another commit", rule: "A deployment runs the commit its pipeline built" },
  "older-pipeline": { label: "older pipeline deployed", rule: "A main deployment never puts an older pipeline on dev than one already deployed" },
};

export const ruleWords = (rule: string): RuleWords => WORDS[rule] ?? { label: rule, rule };

/** A breach as stored (rule and message) in the page's words. */
export function toBreach(row: Omit<Breach, "label" | "detail">, message: string): Breach {
  return { ...row, label: ruleWords(row.rule).label, detail: breachDetail(row.rule, message) };
}

/** Counts per rule (most breached first) and service, in the order given, over breaches newest first. */
export function summarizeBreaches(items: Breach[], services: readonly string[]): BreachSummary {
  const rules = new Map<string, RuleCount>();
  for (const b of items) {
    let count = rules.get(b.rule);
    if (!count) {
      const words = ruleWords(b.rule);
      count = { rule: b.rule, label: words.label, description: words.rule, total: 0, byService: {} };
      rules.set(b.rule, count);
    }
    count.total += 1;
    count.byService[b.service] = (count.byService[b.service] ?? 0) + 1;
  }
  const columns = [...services, ...[...new Set(items.map((b) => b.service))].filter((s) => !services.includes(s)).sort()];
  return {
    total: items.length,
    services: columns,
    rules: [...rules.values()].sort((a, b) => b.total - a.total || a.label.localeCompare(b.label)),
    items,
  };
}
