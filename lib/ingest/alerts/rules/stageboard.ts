import type { Condition } from "@/lib/domain/alerts";
import { MINUTE_MS } from "@/lib/domain/time";
import { verdict, type RuleContext, type RuleEvaluator } from "./context";

/*
 * Stageboard's own health, from sync_state: GitLab failing (unreachable, or the token rejected) for
 * longer than N minutes, and a service whose last successful sync is too old. Not a service's alert:
 * keyed with an empty service, and never history (they are about now).
 */

interface StateRow {
  service: string;
  kind: string | null;
  error: string | null;
  failingSince: Date | null;
  lastSuccessAt: Date | null;
  consecutiveErrors: number;
  backfillDone: boolean;
}

const UNREACHABLE = new Set(["network", "timeout", "upstream", "rate_limit"]);

async function states(ctx: RuleContext): Promise<StateRow[]> {
  return ctx.db.$queryRaw<StateRow[]>`
    SELECT s.name AS service, st.last_error_kind AS kind, st.last_error AS error, st.failing_since AS "failingSince",
           st.last_success_at AS "lastSuccessAt", st.consecutive_errors AS "consecutiveErrors", st.backfill_done AS "backfillDone"
    FROM sync_state st JOIN service s ON s.id = st.service_id`;
}

function gitlabFailing(rule: "gitlab_unreachable" | "gitlab_token_rejected", matches: (kind: string) => boolean): RuleEvaluator {
  return async (ctx) => {
    const limit = ctx.thresholds.gitlabDownMinutes * MINUTE_MS;
    const failing = (await states(ctx)).filter(
      (s) => s.consecutiveErrors > 0 && s.kind !== null && matches(s.kind) && s.failingSince && ctx.now.getTime() - s.failingSince.getTime() >= limit,
    );
    const conditions: Condition[] = [];
    if (failing.length > 0) {
      const since = new Date(Math.min(...failing.map((s) => s.failingSince?.getTime() ?? ctx.now.getTime())));
      const what = rule === "gitlab_unreachable" ? "GitLab unreachable" : "GitLab rejected the token";
      conditions.push({
        rule,
        service: null,
        subject: "gitlab",
        title: `Stageboard: ${what} for ${Math.round((ctx.now.getTime() - since.getTime()) / MINUTE_MS)} min`,
        eventAt: new Date(since.getTime() + limit),
        detail: {
          message: `${what} since ${since.toISOString()} for ${failing.map((s) => s.service).join(", ")}: ${(failing[0]?.error ?? "").slice(0, 300)}`,
          facts: failing.map((s) => ({ name: s.service, value: s.kind ?? "" })),
          links: [{ label: "Sync state", url: "/", kind: "stageboard" }],
        },
      });
    }
    return verdict(rule, ctx, { conditions }, [null]);
  };
}

export const gitlabUnreachable = gitlabFailing("gitlab_unreachable", (k) => UNREACHABLE.has(k));
export const gitlabTokenRejected = gitlabFailing("gitlab_token_rejected", (k) => k === "auth");

export const syncBehind: RuleEvaluator = async (ctx) => {
  const limit = ctx.thresholds.syncBehindMinutes * MINUTE_MS;
  const conditions: Condition[] = (await states(ctx))
    .filter((s) => s.backfillDone && s.lastSuccessAt && ctx.now.getTime() - s.lastSuccessAt.getTime() >= limit)
    .map((s) => ({
      rule: "sync_behind",
      service: null,
      subject: s.service,
      title: `Stageboard: ${s.service} not synced for ${Math.round((ctx.now.getTime() - (s.lastSuccessAt?.getTime() ?? 0)) / MINUTE_MS)} min`,
      eventAt: new Date((s.lastSuccessAt?.getTime() ?? 0) + limit),
      detail: {
        message: `The last successful sync of ${s.service} was at ${s.lastSuccessAt?.toISOString()}${s.error ? `; last error: ${s.error.slice(0, 300)}` : ""}.`,
        links: [{ label: "Sync state", url: "/", kind: "stageboard" }],
      },
    }));
  return verdict("sync_behind", ctx, { conditions }, [null]);
};
