import { z } from "zod";
import { ALERT_RULES } from "@/lib/domain/alerts";
import type { AlertsFilters } from "./types";

/** /alerts' filters from the URL: rule, service, state, key; anything else is a 400 with a message. */
const schema = z.object({
  rule: z.enum(ALERT_RULES, { error: `rule must be one of ${ALERT_RULES.join(", ")}` }).nullable(),
  service: z.string().max(100).regex(/^[a-z0-9][a-z0-9._-]*$/i, "service is not a service name").nullable(),
  state: z.enum(["firing", "resolved"], { error: "state must be firing or resolved" }).nullable(),
  key: z.string().max(600).nullable(),
});

export type ParsedAlertsParams = { ok: true; filters: AlertsFilters } | { ok: false; error: string };

export function parseAlertsParams(get: (name: string) => string | null): ParsedAlertsParams {
  const raw = (name: string) => {
    const v = get(name);
    return v === null || v.trim() === "" ? null : v.trim();
  };
  const parsed = schema.safeParse({ rule: raw("rule"), service: raw("service"), state: raw("state"), key: raw("key") });
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "bad filter" };
  return { ok: true, filters: parsed.data };
}

/** What a mute asks: a key, and 1 hour, 1 day, or 0 to unmute. */
export const muteRequestSchema = z.object({
  key: z.string().min(3).max(600),
  hours: z.union([z.literal(0), z.literal(1), z.literal(24)]),
});
export type MuteRequest = z.infer<typeof muteRequestSchema>;
