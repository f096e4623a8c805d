import type { AlertRule } from "./rules";

/** A link a reader may follow: to Stageboard's page, GitLab, SonarQube or DefectDojo. */
export interface AlertLink {
  label: string;
  url: string;
  /** stageboard links are paths (`/pipelines/1`), made absolute with STAGEBOARD_URL by the senders. */
  kind: "stageboard" | "gitlab" | "sonarqube" | "defectdojo";
}

/** What a firing says beyond its title. */
export interface AlertDetail {
  message: string;
  /** Name: value pairs shown as fields (stage, job, severity…). */
  facts?: Array<{ name: string; value: string }>;
  links?: AlertLink[];
}

/** A rule's verdict on one subject now. */
export interface Condition {
  rule: AlertRule;
  service: string | null;
  subject: string;
  title: string;
  detail: AlertDetail;
  /** The upstream moment the condition began (or was last confirmed), for history and latency. */
  eventAt: Date;
}

/**
 * What a rule looked at in this evaluation: the alerts of `rule` for these services (null: Stageboard
 * itself) are decided by the conditions given; alerts of subjects it did not look at keep their state.
 * `undecided` subjects (e.g. a deploy whose verify-dev still runs) keep their state too.
 */
export interface RuleVerdict {
  rule: AlertRule;
  services: ReadonlyArray<string | null>;
  conditions: Condition[];
  /** Keys whose state is not known yet: neither fired nor cleared. */
  undecided?: ReadonlySet<string>;
  /** When the condition's absence was seen (the clearing pipeline's end), by key; default: now. */
  clearedAt?: ReadonlyMap<string, Date>;
}
