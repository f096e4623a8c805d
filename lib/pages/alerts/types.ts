import type { AlertDetail, AlertRule, Audience } from "@/lib/domain/alerts";

/** /alerts as plain JSON (client-safe: no channel URL, no secret). */

export interface AlertDeliveryInfo {
  channel: string;
  /** pending | sent | dead */
  state: string;
  attempts: number;
  sentAt: string | null;
  lastError: string | null;
  nextAttemptAt: string | null;
}

export interface FiringAlert {
  key: string;
  rule: AlertRule;
  ruleLabel: string;
  audience: Audience;
  service: string | null;
  subject: string;
  title: string;
  detail: AlertDetail;
  /** When the current firing began (upstream time). */
  since: string;
  firstSeenAt: string;
  lastSeenAt: string;
  mutedUntil: string | null;
  /** Why its firing was not sent (history, muted…), or null. */
  silentReason: string | null;
  deliveries: AlertDeliveryInfo[];
}

export interface AlertHistoryEntry {
  id: string;
  key: string;
  rule: AlertRule;
  ruleLabel: string;
  service: string | null;
  kind: "firing" | "resolved";
  title: string;
  eventAt: string;
  detectedAt: string;
  silentReason: string | null;
  /** A clearing not by its condition: "rule turned off" (lib/domain/alerts CLEAR_REASON_TEXT), else null. */
  reason: string | null;
  deliveries: AlertDeliveryInfo[];
}

export interface DeliveryProblem {
  key: string;
  title: string;
  kind: string;
  channel: string;
  state: string;
  attempts: number;
  lastError: string;
  lastAttemptAt: string | null;
}

export interface AlertsPageData {
  generatedAt: string;
  firing: FiringAlert[];
  history: AlertHistoryEntry[];
  /** Deliveries that failed: dead ones, and pending ones that failed at least once. */
  problems: DeliveryProblem[];
  filters: AlertsFilters;
  /** Choices for the filters. */
  rules: Array<{ rule: AlertRule; label: string }>;
  services: string[];
}

export interface AlertsFilters {
  rule: AlertRule | null;
  service: string | null;
  state: "firing" | "resolved" | null;
  key: string | null;
}

export interface AlertCount {
  generatedAt: string;
  /** Firing and not muted. */
  firing: number;
  muted: number;
}
