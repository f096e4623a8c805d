"use client";

import Link from "next/link";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { AlertDeliveryInfo, AlertsFilters, AlertsPageData, FiringAlert } from "@/lib/pages/alerts/types";
import { usePageQuery } from "@/components/data/usePageQuery";
import { formatAbsoluteTime } from "@/components/format";
import { RelativeTime } from "@/components/time/RelativeTime";

interface Props {
  initialData: AlertsPageData | null;
  filters: AlertsFilters;
  refreshIntervalMs: number;
}

const SILENT: Record<string, string> = {
  history: "not sent: history (before the first backfill finished)",
  backfilling: "not sent: the service was still backfilling",
  muted: "not sent: muted",
  unsent_firing: "not sent: its firing was not sent",
};

function query(filters: AlertsFilters): string {
  const q = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value) q.set(name, value);
  const s = q.toString();
  return s ? `?${s}` : "";
}

function Deliveries({ list, silentReason }: { list: AlertDeliveryInfo[]; silentReason: string | null }) {
  if (silentReason) return <span className="text-muted">{SILENT[silentReason] ?? `not sent: ${silentReason}`}</span>;
  if (list.length === 0) return <span className="text-muted">no channel configured</span>;
  return (
    <ul className="flex flex-wrap gap-x-3 gap-y-1">
      {list.map((d) => (
        <li key={d.channel} className={d.state === "sent" ? "text-ok" : d.state === "dead" ? "text-bad" : "text-warn"}>
          <span className="font-medium">{d.channel}</span>{" "}
          {d.state === "sent" && d.sentAt ? (
            <>
              sent <RelativeTime value={d.sentAt} />
            </>
          ) : d.state === "dead" ? (
            `gave up after ${d.attempts} attempt${d.attempts === 1 ? "" : "s"}`
          ) : d.attempts > 0 ? (
            `retrying (${d.attempts} failed)`
          ) : (
            "sending"
          )}
        </li>
      ))}
    </ul>
  );
}

function MuteButtons({ alert, onMuted }: { alert: FiringAlert; onMuted: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function mute(hours: 0 | 1 | 24) {
    setBusy(true);
    setError(null);
    const answer = await fetch("/api/alerts", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ key: alert.key, hours }) }).catch(() => null);
    setBusy(false);
    if (!answer?.ok) setError("Could not mute; try again.");
    else onMuted();
  }
  const button = "rounded px-2 py-0.5 text-xs ring-1 ring-line-strong hover:bg-subtle disabled:opacity-60";
  return (
    <div className="flex flex-wrap items-center gap-2">
      {alert.mutedUntil ? (
        <>
          <span className="text-xs text-muted" data-testid="muted-until">
            Muted until {formatAbsoluteTime(alert.mutedUntil)}
          </span>
          <button type="button" className={button} disabled={busy} onClick={() => mute(0)}>
            Unmute
          </button>
        </>
      ) : (
        <>
          <button type="button" className={button} disabled={busy} onClick={() => mute(1)}>
            Mute 1 h
          </button>
          <button type="button" className={button} disabled={busy} onClick={() => mute(24)}>
            Mute 1 day
          </button>
        </>
      )}
      {error && <span role="alert" className="text-xs text-bad">{error}</span>}
    </div>
  );
}

function FiringCard({ alert, onMuted }: { alert: FiringAlert; onMuted: () => void }) {
  return (
    <li data-testid="firing-alert" data-key={alert.key} className="space-y-2 rounded-lg border border-bad-line bg-surface p-3 text-sm">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="break-words font-medium text-ink">{alert.title}</p>
          <p className="text-xs text-muted">
            {alert.ruleLabel} · {alert.audience} · firing since <RelativeTime value={alert.since} />
          </p>
        </div>
        <MuteButtons alert={alert} onMuted={onMuted} />
      </div>
      <p className="break-words text-body">{alert.detail.message}</p>
      {alert.detail.links && alert.detail.links.length > 0 && (
        <ul className="flex flex-wrap gap-x-4 gap-y-1">
          {alert.detail.links.map((l) => (
            <li key={l.url + l.label}>
              <a href={l.url} className="break-all text-link hover:underline" {...(l.kind === "stageboard" ? {} : { target: "_blank", rel: "noreferrer" })}>
                {l.label}
              </a>
            </li>
          ))}
        </ul>
      )}
      <div className="text-xs">
        <Deliveries list={alert.deliveries} silentReason={alert.silentReason} />
      </div>
    </li>
  );
}

/** /alerts: what fires now (with mute), the history with filters, and what could not be delivered. */
export function AlertsView({ initialData, filters, refreshIntervalMs }: Props) {
  const url = `/api/alerts${query(filters)}`;
  const queryKey = ["alerts", filters];
  const client = useQueryClient();
  const { data, error } = usePageQuery<AlertsPageData>({ queryKey, url, initialData, generatedAt: (d) => d.generatedAt, refreshIntervalMs });
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ["alerts"] });
    void client.invalidateQueries({ queryKey: ["alert-count"] });
  };

  if (!data) {
    return (
      <div role="alert" className="rounded-md border border-bad-line bg-bad-soft p-4 text-sm text-bad">
        The alerts could not be loaded{error ? `: ${error.message}` : ""}. The page keeps trying.
      </div>
    );
  }
  const select = "max-w-full rounded border border-line-strong bg-surface px-2 py-1 text-sm text-body";
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-2">
        <h1 className="text-lg font-semibold text-ink">Alerts</h1>
        <p className="text-sm text-muted">Sent once when they fire and once when they clear, to the configured channels.</p>
      </div>

      <section aria-labelledby="firing-heading" className="space-y-2">
        <h2 id="firing-heading" className="text-base font-semibold text-ink">
          Firing now <span data-testid="firing-count">({data.firing.length})</span>
        </h2>
        {data.firing.length === 0 ? (
          <p className="rounded-md border border-dashed border-line-strong bg-surface p-6 text-center text-sm text-muted">Nothing is firing.</p>
        ) : (
          <ul className="space-y-2">
            {data.firing.map((a) => (
              <FiringCard key={a.key} alert={a} onMuted={refresh} />
            ))}
          </ul>
        )}
      </section>

      {data.problems.length > 0 && (
        <section aria-labelledby="problems-heading" className="space-y-2">
          <h2 id="problems-heading" className="text-base font-semibold text-ink">
            Delivery errors
          </h2>
          <ul className="space-y-1 text-sm" data-testid="delivery-problems">
            {data.problems.map((p) => (
              <li key={`${p.key}-${p.channel}-${p.kind}-${p.lastAttemptAt}`} className="break-words rounded border border-warn-line bg-warn-soft px-3 py-2 text-warn">
                <span className="font-medium">{p.channel}</span> · {p.state === "dead" ? "gave up" : "retrying"} after {p.attempts} attempt{p.attempts === 1 ? "" : "s"}:{" "}
                {p.lastError} — {p.kind} of “{p.title}”
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="history-heading" className="space-y-2">
        <h2 id="history-heading" className="text-base font-semibold text-ink">
          History
        </h2>
        <form method="get" action="/alerts" className="flex flex-wrap items-end gap-2 text-sm" aria-label="Filters">
          <label className="flex min-w-0 flex-col gap-1 text-xs text-muted">
            Rule
            <select name="rule" defaultValue={filters.rule ?? ""} className={select}>
              <option value="">All rules</option>
              {data.rules.map((r) => (
                <option key={r.rule} value={r.rule}>
                  {r.label}
                </option>
              ))}
            </select>
          </label>
          <label className="flex min-w-0 flex-col gap-1 text-xs text-muted">
            Service
            <select name="service" defaultValue={filters.service ?? ""} className={select}>
              <option value="">All services</option>
              {data.services.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <label className="flex min-w-0 flex-col gap-1 text-xs text-muted">
            Change
            <select name="state" defaultValue={filters.state ?? ""} className={select}>
              <option value="">Firings and clearings</option>
              <option value="firing">Firings</option>
              <option value="resolved">Clearings</option>
            </select>
          </label>
          <button type="submit" className="rounded bg-solid px-3 py-1 text-on-solid">
            Filter
          </button>
          {(filters.rule || filters.service || filters.state || filters.key) && (
            <Link href="/alerts" className="py-1 text-link hover:underline">
              Clear filters
            </Link>
          )}
        </form>
        {data.history.length === 0 ? (
          <p className="text-sm text-muted">No alerts yet.</p>
        ) : (
          <ol className="divide-y divide-line rounded-lg border border-line bg-surface text-sm" data-testid="alert-history">
            {data.history.map((e) => (
              <li key={e.id} data-kind={e.kind} className="space-y-1 px-3 py-2">
                <div className="flex flex-wrap items-baseline gap-x-2">
                  <span className={`rounded px-1.5 text-xs font-medium ${e.kind === "firing" ? "bg-bad-soft text-bad" : "bg-ok-soft text-ok"}`}>
                    {e.kind === "firing" ? "fired" : "cleared"}
                  </span>
                  <span className="min-w-0 break-words text-ink">{e.title}</span>
                  {e.reason && (
                    <span className="text-xs text-muted" data-testid="alert-clear-reason">
                      ({e.reason})
                    </span>
                  )}
                </div>
                <div className="flex flex-wrap gap-x-3 text-xs text-muted">
                  <span>{e.ruleLabel}</span>
                  <span title={`seen ${formatAbsoluteTime(e.detectedAt)}`}>
                    <RelativeTime value={e.eventAt} />
                  </span>
                  <Deliveries list={e.deliveries} silentReason={e.silentReason} />
                </div>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
